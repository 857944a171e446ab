import Foundation

/// How a reply answers a yes/no question, read from its opening words: "yep", "of course", "I do, since
/// 2019" say yes; "nope", "not yet", "unfortunately not", "I don't have one sorry" say no. A yes qualified by a
/// condition ("yes but only weekends") or taken back ("yes and no") is mixed.
enum YesNo: Equatable {
    case yes
    case no
    case mixed

    /// Phrases that open a yes, longest first where one starts another.
    private static let yesOpenings = [
        "of course", "sure do", "sure", "yes", "yeah", "yep", "yup", "ya", "yea", "yas", "y", "absolutely", "definitely", "certainly",
        "correct", "indeed", "ok", "okay", "i do", "i can", "i am", "i have", "i will", "i'm", "👍", "✅", "👌",
    ]
    /// Phrases that open a no.
    private static let noOpenings = [
        "not yet", "not at the moment", "not really", "not currently", "unfortunately not", "sadly not", "no", "nope", "nah", "n",
        "never", "negative", "i don't", "i do not", "i can't", "i cannot", "i am not", "i'm not", "i haven't", "i have not",
        "i won't", "👎", "❌",
    ]
    /// Words that qualify an answer with a condition or exception.
    private static let contrasts = ["but only", "only if", "except", "but not", "depends", "sometimes", "maybe", "kind of", "sort of"]

    /// The reply read as an answer; `nil` when it says neither. The longest opening phrase decides, so
    /// "I'm not" is a no although "I'm" opens a yes.
    static func read(_ reply: String) -> YesNo? {
        let text = normalize(reply)
        let yes = longestOpening(of: text, among: yesOpenings)
        let no = longestOpening(of: text, among: noOpenings)
        if no > yes { return .no }
        guard yes > 0 else { return nil }
        let contradicted = text.contains(" no ") || text.hasSuffix(" no") || text.contains(" not ")
        return contrasts.contains { text.contains($0) } || contradicted ? .mixed : .yes
    }

    /// Lower case, curly apostrophes straightened, punctuation (but apostrophes) turned into spaces, spaces squeezed.
    private static func normalize(_ reply: String) -> String {
        let lowered = reply.lowercased().replacingOccurrences(of: "’", with: "'")
        let spaced = String(lowered.map { $0.isPunctuation && $0 != "'" ? " " : $0 })
        return spaced.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The length of the longest of `phrases` that opens `text` as whole words; 0 when none does.
    private static func longestOpening(of text: String, among phrases: [String]) -> Int {
        phrases.filter { phrase in
            text == phrase || text.hasPrefix(phrase + " ")
                || (phrase.unicodeScalars.first?.properties.isEmojiPresentation == true && text.hasPrefix(phrase))
        }
        .map(\.count).max() ?? 0
    }
}
