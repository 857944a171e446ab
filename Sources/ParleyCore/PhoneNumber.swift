/// Phone number rules.
package enum PhoneNumber {
    /// Whether `text` is an E.164 number: `+`, a non-zero digit, then 7 to 14 more digits.
    package static func isE164(_ text: String) -> Bool {
        guard text.first == "+" else { return false }
        let digits = text.dropFirst()
        guard (8...15).contains(digits.count), digits.first != "0" else { return false }
        return digits.allSatisfy { $0.isASCII && $0.isNumber }
    }
}
