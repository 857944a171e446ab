import Foundation

/// A candidate's reply reduced to what matters for reading it: lower case, straight apostrophes, emoji without
/// skin tones, punctuation turned into spaces (apostrophes, `+`, `.` and `-` between digits kept), spaces
/// squeezed, and small talk at the front ("hi", "um", "well", "haha") dropped.
struct ReplyText: Equatable {
    /// The normalized text.
    let text: String
    /// The normalized text as words.
    var words: [String] { text.split(separator: " ").map(String.init) }

    /// Small talk that opens a reply without answering anything.
    private static let fillers = [
        "hi", "hey", "hello", "hiya", "heya", "well", "um", "umm", "erm", "uh", "uhh", "oh", "ah", "haha", "lol", "so",
        "thanks", "thank you", "sorry", "hmm", "hm", "good morning", "good afternoon", "good evening", "morning",
    ]

    init(_ reply: String) {
        let lowered = reply.lowercased().replacingOccurrences(of: "’", with: "'").replacingOccurrences(of: "‘", with: "'")
        let withoutModifiers = String(
            String.UnicodeScalarView(
                lowered.unicodeScalars.filter { !(0x1F3FB...0x1F3FF).contains($0.value) && $0.value != 0xFE0F }
            )
        )
        var characters: [Character] = []
        let all = Array(withoutModifiers)
        for (index, character) in all.enumerated() {
            let previous = index > 0 ? all[index - 1] : " "
            let next = index + 1 < all.count ? all[index + 1] : " "
            let keepsNumber = (character == "." || character == "-" || character == ",") && previous.isNumber && next.isNumber
            if keepsNumber {
                characters.append(character == "," ? "." : character)
            } else if character == "'" || character == "+" || !(character.isPunctuation || character.isSymbol) || character.isEmoji {
                characters.append(character)
            } else {
                characters.append(" ")
            }
        }
        var text = String(characters).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        while let filler = Self.fillers.first(where: { text.hasPrefix($0 + " ") }) {
            text.removeFirst(filler.count + 1)
        }
        self.text = text
    }

    /// Whether `phrase` occurs in the text as whole words.
    func contains(_ phrase: String) -> Bool {
        " \(text) ".contains(" \(phrase) ")
    }

    /// Whether the text opens with `phrase` as whole words (an emoji may run straight on).
    func opens(with phrase: String) -> Bool {
        text == phrase || text.hasPrefix(phrase + " ") || (phrase.first?.isEmoji == true && text.hasPrefix(phrase))
    }

    /// The length of the longest of `phrases` that opens the text; 0 when none does.
    func longestOpening(among phrases: [String]) -> Int {
        phrases.filter(opens(with:)).map(\.count).max() ?? 0
    }
}

extension Character {
    /// Whether the character is drawn as an emoji (👍, ✅), not a digit or letter that could be.
    var isEmoji: Bool {
        unicodeScalars.contains { $0.properties.isEmojiPresentation || ($0.properties.isEmoji && $0.value > 0x238C) }
    }
}
