/// Quoted-printable body encoding (RFC 2045 §6.7): printable ASCII stays as is, `=`, non-ASCII bytes and
/// whitespace at the end of a line become `=XX`, and lines longer than 76 characters are split with soft
/// line breaks (`=` at the end of a line).
enum QuotedPrintable {
    /// The longest encoded line, without CRLF.
    static let lineLimit = 76

    /// `text` as UTF-8 quoted-printable with CRLF line endings; any input line ending style is accepted. The
    /// result ends with CRLF unless it is empty.
    static func encode(_ text: String) -> String {
        var lines = splitLines(Array(text.utf8))
        if lines.last?.isEmpty == true { lines.removeLast() }
        return lines.map { encodeLine($0) + "\r\n" }.joined()
    }

    /// One line's bytes, encoded and soft-wrapped, without the final CRLF.
    static func encodeLine(_ bytes: [UInt8]) -> String {
        var tokens: [String] = []
        tokens.reserveCapacity(bytes.count)
        for (index, byte) in bytes.enumerated() {
            let isLast = index == bytes.count - 1
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"): tokens.append(isLast ? escaped(byte) : String(UnicodeScalar(byte)))
            case UInt8(ascii: "="): tokens.append(escaped(byte))
            case 33...126: tokens.append(String(UnicodeScalar(byte)))
            default: tokens.append(escaped(byte))
            }
        }
        var output = ""
        var lineLength = 0
        for (index, token) in tokens.enumerated() {
            // Room is left for the soft break's `=`, except on the line's last piece.
            let limit = index == tokens.count - 1 ? lineLimit : lineLimit - 1
            if lineLength + token.count > limit {
                output += "=\r\n"
                lineLength = 0
            }
            output += token
            lineLength += token.count
        }
        return output
    }

    /// `bytes` cut at CRLF, LF or a lone CR.
    static func splitLines(_ bytes: [UInt8]) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n") {
                lines.append(current)
                current = []
                if byte == UInt8(ascii: "\r"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\n") { index += 1 }
            } else {
                current.append(byte)
            }
            index += 1
        }
        lines.append(current)
        return lines
    }

    private static let hexDigits = Array("0123456789ABCDEF")

    private static func escaped(_ byte: UInt8) -> String {
        "=" + String(hexDigits[Int(byte >> 4)]) + String(hexDigits[Int(byte & 0x0F)])
    }
}
