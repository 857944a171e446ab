/// One reply from an SMTP server: a three-digit code and its text lines (RFC 5321 §4.2).
struct SMTPReply: Sendable, Equatable {
    /// The reply code, `200...599` in practice.
    var code: Int
    /// The text after each line's code and separator, in order.
    var lines: [String]

    /// `2xx`: the command succeeded.
    var isPositive: Bool { (200..<300).contains(code) }
    /// `4xx`: a transient failure; the same command may succeed later.
    var isTransientFailure: Bool { (400..<500).contains(code) }
    /// `5xx`: a permanent failure.
    var isPermanentFailure: Bool { (500..<600).contains(code) }

    /// The RFC 3463 enhanced status code at the start of the first line (`5.1.1`), if the server sent one. It
    /// carries no addresses, so it is safe to log.
    var enhancedStatusCode: String? {
        guard let first = lines.first?.split(separator: " ", maxSplits: 1).first else { return nil }
        let parts = first.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, ["2", "4", "5"].contains(parts[0]),
            parts.allSatisfy({ (1...3).contains($0.count) && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
        else { return nil }
        return String(first)
    }

    /// The `EHLO` extensions: every line but the first (the server's name), upper-cased keyword first.
    var extensions: [String: [String]] {
        var result: [String: [String]] = [:]
        for line in lines.dropFirst() {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "=" }).map(String.init)
            guard let keyword = words.first?.uppercased() else { continue }
            result[keyword, default: []].append(contentsOf: words.dropFirst().map { $0.uppercased() })
        }
        return result
    }
}
