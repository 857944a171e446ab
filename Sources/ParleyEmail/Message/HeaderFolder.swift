/// Builds one header field, folding it onto continuation lines so that lines stay within 78 characters where
/// the content allows (RFC 5322 §2.2.3). Folding happens only between the pieces it is given.
struct HeaderFolder {
    /// The preferred longest line, without CRLF.
    static let lineLimit = 78

    private var lines: [String] = []
    private var current: String
    /// Whether nothing follows the field name yet.
    private var atFieldName = true

    /// A field named `name`, with no value yet.
    init(name: String) {
        current = name + ":"
    }

    /// Adds a piece that must not be split (a word, `<address>`, a quoted string), after a space.
    mutating func append(atom: String) {
        if !atFieldName, current.count + 1 + atom.count > Self.lineLimit { fold() }
        current += " " + atom
        atFieldName = false
    }

    /// Adds ASCII text that may be folded at its spaces.
    mutating func append(text: String) {
        for word in Self.words(of: text) { append(atom: word) }
    }

    /// Adds text as encoded words, as many per line as fit.
    mutating func append(encoded text: String) {
        var scalars = Substring(text).unicodeScalars
        while !scalars.isEmpty {
            var count = EncodedWord.prefixCount(of: scalars, fittingIn: Self.lineLimit - current.count - 1)
            if count == 0 {
                fold()
                count = max(1, EncodedWord.prefixCount(of: scalars, fittingIn: Self.lineLimit - 1))
            }
            let end = scalars.index(scalars.startIndex, offsetBy: count)
            current += " " + EncodedWord.encode(scalars[scalars.startIndex..<end])
            scalars = scalars[end...]
            atFieldName = false
        }
    }

    /// The field, each line ending in CRLF.
    var rendered: String {
        (lines + [current]).map { $0 + "\r\n" }.joined()
    }

    private mutating func fold() {
        lines.append(current)
        current = ""
    }

    /// `text` cut at single spaces; a run of spaces stays with the word after it, so unfolding gives `text` back
    /// (trailing spaces aside).
    private static func words(of text: String) -> [String] {
        var words: [String] = []
        var pendingSpaces = ""
        for part in text.split(separator: " ", omittingEmptySubsequences: false) {
            if part.isEmpty {
                pendingSpaces += " "
            } else {
                words.append(pendingSpaces + part)
                pendingSpaces = ""
            }
        }
        return words
    }
}
