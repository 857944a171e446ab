import Foundation

/// Finds what a person newly wrote in a reply, dropping the quoted history mail clients append: everything from
/// the first reply header on ("On … wrote:", "-----Original Message-----", Outlook's "From:/Sent:" block, a line
/// of underscores, and French, German, Spanish, Dutch, Italian and Portuguese forms), `>` quote lines, a
/// signature after `-- `, and a trailing "Sent from my iPhone".
package enum QuotedHistory {
    /// The newly written part of `text`, trimmed; line endings become `\n`.
    package static func stripped(_ text: String) -> String {
        var lines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n").components(separatedBy: "\n")
        if let cut = lines.indices.first(where: { ReplyHeader.starts(at: $0, in: lines) }) { lines.removeSubrange(cut...) }
        lines.removeAll { $0.trimmingCharacters(in: .whitespaces).hasPrefix(">") }
        if let signature = lines.firstIndex(where: { $0 == "-- " || $0 == "--" }) { lines.removeSubrange(signature...) }
        while let last = lines.last, last.trimmingCharacters(in: .whitespaces).isEmpty || ReplyHeader.isMobileFooter(last) { lines.removeLast() }
        return lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
