/// Header values with quoted strings (`"Doe, Jane"`, `boundary="a;b"`), in which backslash escapes and
/// separators do not count.
enum QuotedString {
    /// Where `separator` stands in `text` outside quoted strings, in order.
    static func unquotedIndices(of separator: Character, in text: some StringProtocol) -> [String.Index] {
        var indices: [String.Index] = []
        var inQuotes = false
        var escaped = false
        for index in text.indices {
            let character = text[index]
            if escaped {
                escaped = false
            } else if character == "\\" && inQuotes {
                escaped = true
            } else if character == "\"" {
                inQuotes.toggle()
            } else if character == separator && !inQuotes {
                indices.append(index)
            }
        }
        return indices
    }
}
