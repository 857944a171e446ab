/// The bytes sent after `DATA`: every line ending made CRLF, every line that starts with `.` given another `.`
/// (RFC 5321 §4.5.2), and the closing `CRLF.CRLF`.
enum SMTPDataEncoding {
    /// `content` ready to write after the server's `354`, terminator included.
    static func encode(_ content: [UInt8]) -> [UInt8] {
        let cr = UInt8(ascii: "\r")
        let lf = UInt8(ascii: "\n")
        let dot = UInt8(ascii: ".")
        var result: [UInt8] = []
        result.reserveCapacity(content.count + content.count / 64 + 5)
        var atLineStart = true
        var index = content.startIndex
        while index < content.endIndex {
            let byte = content[index]
            if byte == cr || byte == lf {
                // CRLF, a bare CR or a bare LF all end the line.
                if byte == cr, content.index(after: index) < content.endIndex, content[content.index(after: index)] == lf {
                    index = content.index(after: index)
                }
                result.append(contentsOf: [cr, lf])
                atLineStart = true
            } else {
                if atLineStart, byte == dot { result.append(dot) }
                result.append(byte)
                atLineStart = false
            }
            index = content.index(after: index)
        }
        if !atLineStart || result.isEmpty { result.append(contentsOf: [cr, lf]) }
        result.append(contentsOf: [dot, cr, lf])
        return result
    }
}
