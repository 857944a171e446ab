import Foundation

/// How a reply answers a yes/no question, read from its opening words: "yep", "of course", "I do, since
/// 2019" say yes; "nope", "not yet", "unfortunately not", "I don't have one sorry" say no. A yes qualified by a
/// condition ("yes but only weekends") or taken back ("yes and no") is mixed; a hedge ("maybe", "it depends",
/// "not sure") is unsure.
enum YesNo: Equatable {
    case yes
    case no
    case mixed
    case unsure

    /// Phrases that open a yes. The longest opening phrase decides, so "of course not" is a no.
    private static let yesOpenings = [
        "yes", "yess", "yeah", "yep", "yup", "ya", "yah", "yea", "yeh", "yas", "ye", "yh", "y", "yse", "ys", "si", "sí", "oui", "ja",
        "of course", "sure", "sure do", "sure thing", "for sure", "absolutely", "definitely", "certainly", "totally", "obviously",
        "correct", "right", "true", "indeed", "affirmative", "you bet", "100", "100%", "ok", "okay", "k", "kk", "fine", "deal",
        "i do", "i can", "i am", "i have", "i will", "i'm", "i've", "i've got", "i sure do", "i sure am", "i think so", "i believe so",
        "i would", "i'd love to", "i'd be happy to", "happy to", "would love to", "yes please", "that's right",
        "that's correct", "that is correct", "no problem", "not a problem", "no worries", "not an issue", "no doubt", "no question",
        "👍", "✅", "👌", "💯", "🙌",
    ]
    /// Phrases that open a no.
    private static let noOpenings = [
        "no", "nope", "nah", "naw", "nay", "noo", "n", "nein", "non", "never", "negative", "none", "nothing", "zero",
        "not yet", "not at the moment", "not right now", "not now", "not currently", "not really", "not at all", "not anymore",
        "unfortunately not", "unfortunately no", "no need", "not needed", "not required", "not necessary", "sadly not", "sadly no", "afraid not",
        "i'm afraid not", "no way", "nowhere",
        "of course not", "absolutely not", "definitely not", "certainly not", "i think not", "i wish", "no sorry",
        "i don't", "i do not", "i dont", "i can't", "i cant", "i cannot", "i can not", "i am not", "i'm not", "im not", "i haven't",
        "i havent", "i have not", "i have no", "i've no", "i've never", "i have never", "i never", "i won't", "i will not", "i wont",
        "i wouldn't", "i would not", "👎", "❌", "🚫",
    ]
    /// Phrases that hedge rather than answer; longer than the yes or no they may start with ("no idea").
    private static let unsureOpenings = [
        "maybe", "perhaps", "possibly", "probably", "might", "it depends", "depends", "depending", "not sure", "i'm not sure",
        "im not sure", "i am not sure", "unsure", "no idea", "no clue", "idk", "dunno", "i don't know", "i dont know", "i do not know",
        "don't know", "dont know", "hard to say", "kind of", "kinda", "sort of", "sorta", "more or less", "i guess", "i suppose",
        "sometimes", "it varies", "🤷", "🤔", "not sure yet", "let me check", "i'll check", "i need to check",
    ]
    /// Words that qualify a yes with a condition or exception.
    private static let contrasts = [
        "but only", "only if", "except", "but not", "depends", "sometimes", "maybe", "kind of", "sort of", "but i can't", "but i cannot",
        "but i don't", "but i do not", "but i'm not", "but no", "not always", "only on", "only at", "only in the", "but just", "partly",
        "mostly", "some of",
    ]

    /// Phrases with "no" or "not" in them that say yes.
    private static let courtesies = ["no problem", "not a problem", "no worries", "not an issue", "no doubt", "no question"]

    /// The reply read as an answer; `nil` when it says none of these.
    static func read(_ reply: ReplyText) -> YesNo? {
        let text = collapsingElongatedOpening(reply)
        let yes = text.longestOpening(among: yesOpenings)
        let no = text.longestOpening(among: noOpenings)
        let unsure = text.longestOpening(among: unsureOpenings)
        if unsure > max(yes, no) { return .unsure }
        if no > yes { return .no }
        guard yes > 0 else { return unsureOpenings.contains(where: text.contains) ? .unsure : nil }
        let plain = ReplyText(courtesies.reduce(text.text) { $0.replacingOccurrences(of: $1, with: "") })
        let takenBack = plain.text.hasSuffix(" no") || plain.contains("and no") || plain.contains("not")
        return contrasts.contains(where: plain.contains) || takenBack ? .mixed : .yes
    }

    /// "yesss", "nooo" and "yeahhh" read as the word they stretch.
    private static func collapsingElongatedOpening(_ reply: ReplyText) -> ReplyText {
        guard let first = reply.words.first, first.count > 2 else { return reply }
        var collapsed = ""
        for character in first where collapsed.last != character { collapsed.append(character) }
        guard collapsed != first, yesOpenings.contains(collapsed) || noOpenings.contains(collapsed) else { return reply }
        return ReplyText(([collapsed] + reply.words.dropFirst()).joined(separator: " "))
    }
}
