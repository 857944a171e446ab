/// Email address rules.
package enum EmailAddress {
    /// Whether `text` is plausibly an address: one `@`, a non-empty local part, a dotted domain, no spaces,
    /// at most 254 characters. Deliverability is for the mail server to judge.
    package static func isPlausible(_ text: String) -> Bool {
        guard text.count <= 254, !text.contains(where: \.isWhitespace) else { return false }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty else { return false }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty }
    }
}
