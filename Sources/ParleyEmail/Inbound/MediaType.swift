/// A `Content-Type` value split into its media type and parameters.
struct MediaType: Equatable {
    /// `type/subtype`, lower-cased.
    var essence: String
    /// The parameters, names lower-cased, values unquoted.
    var parameters: [String: String]

    /// Parses `value`, e.g. `multipart/form-data; boundary="xyz"`.
    init(_ value: String) {
        let parts = Self.split(value)
        essence = parts.first?.trimmingSpaces().lowercased() ?? ""
        parameters = [:]
        for part in parts.dropFirst() {
            guard let equals = part.firstIndex(of: "=") else { continue }
            let name = part[..<equals].trimmingSpaces().lowercased()
            var value = part[part.index(after: equals)...].trimmingSpaces()
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast()).replacing("\\\"", with: "\"").replacing("\\\\", with: "\\")
            }
            if parameters[name] == nil { parameters[name] = value }
        }
    }

    /// `value` cut at semicolons outside quotes.
    private static func split(_ value: String) -> [Substring] {
        var parts: [Substring] = []
        var start = value.startIndex
        for index in QuotedString.unquotedIndices(of: ";", in: value) {
            parts.append(value[start..<index])
            start = value.index(after: index)
        }
        parts.append(value[start...])
        return parts
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and line breaks.
    func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
