import Foundation

/// The lines mail clients put above quoted history, in the languages candidates commonly use.
enum ReplyHeader {
    /// Whether a reply header starts at `lines[index]`.
    static func starts(at index: Int, in lines: [String]) -> Bool {
        let line = trimmed(lines[index])
        if line.isEmpty || line.hasPrefix(">") { return false }
        if isSeparator(line) { return true }
        if isAttribution(startingAt: index, in: lines) { return true }
        return isHeaderBlock(startingAt: index, in: lines)
    }

    /// Whether `line` is a client's footer such as "Sent from my iPhone".
    static func isMobileFooter(_ line: String) -> Bool {
        let line = trimmed(line)
        return line.count < 60 && line.wholeMatch(of: footer) != nil
    }

    // MARK: Kinds of header

    /// "-----Original Message-----", a line of underscores, "Begin forwarded message:" and the like.
    private static func isSeparator(_ line: String) -> Bool {
        line.wholeMatch(of: originalMessage) != nil || line.wholeMatch(of: underscores) != nil || line.wholeMatch(of: forwarded) != nil
    }

    /// "On <date>, <name> wrote:", on one line or wrapped over up to three.
    private static func isAttribution(startingAt index: Int, in lines: [String]) -> Bool {
        let first = trimmed(lines[index])
        guard first.prefixMatch(of: attributionStart) != nil else { return false }
        var combined = ""
        for next in index..<min(index + 3, lines.count) {
            let part = trimmed(lines[next])
            if next > index, part.isEmpty || part.hasPrefix(">") { return false }
            combined += (combined.isEmpty ? "" : " ") + part
            if combined.contains(where: \.isNumber), combined.wholeMatch(of: attribution) != nil { return true }
        }
        return false
    }

    /// Outlook's block: "From: …" followed within three lines by "Sent: …" or "Date: …" (or their translations),
    /// optionally in `*bold*`.
    private static func isHeaderBlock(startingAt index: Int, in lines: [String]) -> Bool {
        guard trimmed(lines[index]).prefixMatch(of: fromField) != nil else { return false }
        return lines[(index + 1)..<min(index + 4, lines.count)].contains { trimmed($0).prefixMatch(of: sentField) != nil }
    }

    private static func trimmed(_ line: String) -> String {
        line.trimmingCharacters(in: .whitespaces)
    }

    // MARK: Patterns

    // Computed, as Regex is not Sendable; the literals are checked at compile time and the texts are short.

    private static var attributionStart: Regex<Substring> { #/(?i)(?:on|le|am|el|op|il|em)\s/# }
    private static var attribution: Regex<Substring> {
        #/(?i)(?:on\s.+\swrote|le\s.+\sa\s+écrit|am\s.+\sschrieb.*|el\s.+\sescribió|op\s.+\sschreef.*|il\s.+\sha\s+scritto|em\s.+\sescreveu)\s*:/#
    }
    private static var originalMessage: Regex<Substring> {
        #/(?i)-{2,}\s*(?:original message|ursprüngliche nachricht|message d'origine|mensaje original|oorspronkelijk bericht)\s*-{2,}/#
    }
    private static var underscores: Regex<Substring> { #/_{10,}/# }
    private static var forwarded: Regex<Substring> { #/(?i)(?:begin forwarded message:|-{2,}\s*forwarded message\s*-{2,})/# }
    private static var fromField: Regex<Substring> { #/(?i)\*?(?:from|de|von|van|da)\s?:\*?\s/# }
    private static var sentField: Regex<Substring> { #/(?i)\*?(?:sent|date|envoyé|gesendet|verzonden|enviado|inviato|data)\s?:\*?\s/# }
    private static var footer: Regex<Substring> {
        #/(?i)(?:sent from my .+|sent from (?:mail|outlook) for .+|get outlook for .+|sent from yahoo mail.*)/#
    }
}
