/// Checks on header content, so that no value can end its field early and inject another (CR/LF injection).
enum HeaderValidation {
    /// Throws when `value` contains CR, LF or another control character other than tab.
    static func checkText(_ value: String, field: String) throws(EmailMessageError) {
        guard value.unicodeScalars.allSatisfy({ $0 == "\t" || !($0.value < 0x20 || (0x7F...0x9F).contains($0.value)) }) else {
            throw .controlCharacter(field: field)
        }
        // Unicode line and paragraph separators would survive as text, but some readers treat them as breaks.
        guard !value.unicodeScalars.contains(where: { $0 == "\u{2028}" || $0 == "\u{2029}" }) else { throw .controlCharacter(field: field) }
    }

    /// Throws unless `address` is a plain ASCII `local@domain` with nothing that could end the field.
    static func checkAddress(_ address: String, field: String) throws(EmailMessageError) {
        try checkText(address, field: field)
        let forbidden = Set("<>()[]\\,;:\" \t")
        guard address.allSatisfy({ $0.isASCII && !forbidden.contains($0) }), let at = address.lastIndex(of: "@"),
            at != address.startIndex, address.index(after: at) != address.endIndex
        else { throw .invalidAddress(field: field) }
    }

    /// `id` without surrounding whitespace and one pair of angle brackets; throws unless what is left is printable
    /// ASCII without spaces or angle brackets.
    static func messageID(_ id: String, field: String) throws(EmailMessageError) -> String {
        try checkText(id, field: field)
        var bare = Substring(id).trimmingPrefix(while: { $0 == " " || $0 == "\t" })
        while bare.last == " " || bare.last == "\t" { bare.removeLast() }
        if bare.first == "<", bare.last == ">", bare.count >= 2 { bare = bare.dropFirst().dropLast() }
        guard !bare.isEmpty, bare.unicodeScalars.allSatisfy({ (33...126).contains($0.value) && $0 != "<" && $0 != ">" }) else {
            throw .invalidMessageID(field: field)
        }
        return String(bare)
    }

    /// Throws unless `name` is a valid field name (printable ASCII except `:`).
    static func checkFieldName(_ name: String) throws(EmailMessageError) {
        guard !name.isEmpty, name.unicodeScalars.allSatisfy({ (33...126).contains($0.value) && $0 != ":" }) else {
            throw .invalidHeaderName(name)
        }
    }
}

extension Substring {
    /// The substring without its leading elements that satisfy `predicate`.
    fileprivate func trimmingPrefix(while predicate: (Character) -> Bool) -> Substring {
        self[(firstIndex(where: { !predicate($0) }) ?? endIndex)...]
    }
}
