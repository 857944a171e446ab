/// Which options of a MULTIPLE_CHOICE question a reply picks: by number ("2", "option 2", "the second one"),
/// by letter ("b"), by the option's own words ("nights" for "Night shift"), or all of them ("either", "any").
enum ChoiceReading: Equatable {
    /// The positions of the options picked, at least one.
    case picked(Set<Int>)
    /// The candidate picks none of them ("none", "neither").
    case neither
    /// The candidate picks and rules out at once ("nights but not weekends"), or hedges.
    case unsure

    private static let ordinals = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]
    private static let cardinals = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
    private static let everything = [
        "any", "either", "all", "both", "any of them", "all of them", "whichever", "don't mind", "no preference", "flexible", "anything",
    ]
    private static let nothing = ["none", "neither", "none of them", "none of those", "nothing"]
    private static let stopWords: Set<String> = ["the", "a", "an", "of", "and", "or", "in", "on", "at", "to", "for", "with", "per", "i", "my", "one"]
    private static let negations = ["not", "no", "except", "but", "don't", "can't", "cannot", "never", "without"]

    /// The reading of `reply` against `options`; `nil` when it names none of them.
    static func read(_ reply: ReplyText, options: [String]) -> ChoiceReading? {
        let words = reply.words
        if nothing.contains(where: reply.opens(with:)) { return .neither }
        if everything.contains(where: reply.contains) { return .picked(Set(options.indices)) }
        if let position = position(words, count: options.count) { return .picked([position]) }
        let replyWords = Set(words.map(stem))
        let optionWords = options.map { Set(ReplyText($0).words.map(stem)).subtracting(stopWords) }
        let picked = Set(
            options.indices.filter { index in
                // A word of this option that no other option shares names it.
                let others = optionWords.enumerated().filter { $0.offset != index }.reduce(into: Set<String>()) { $0.formUnion($1.element) }
                let distinctive = optionWords[index].subtracting(others)
                return !distinctive.isDisjoint(with: replyWords) || (!optionWords[index].isEmpty && optionWords[index].isSubset(of: replyWords))
            }
        )
        guard !picked.isEmpty else { return nil }
        if negations.contains(where: reply.contains) { return .unsure }
        return .picked(picked)
    }

    /// The option a reply picks by position: "2", "#2", "option 2", "b", "b)", "the second one", "number two".
    private static func position(_ words: [String], count: Int) -> Int? {
        let meaningful = words.filter { !["the", "option", "number", "no", "one", "choice", "please", "#"].contains($0) || words.count == 1 }
        guard meaningful.count == 1, let word = meaningful.first?.trimmingPrefix("#") else { return nil }
        let token = String(word)
        if let number = Int(token), (1...count).contains(number) { return number - 1 }
        if let index = ordinals.firstIndex(of: token), index < count { return index }
        if let index = cardinals.firstIndex(of: token), index < count { return index }
        if let letter = token.first, token.count == 1, let ascii = letter.asciiValue, ascii >= 97, Int(ascii) - 97 < count { return Int(ascii) - 97 }
        let ordinalSuffixes = ["st", "nd", "rd", "th"]
        if let suffix = ordinalSuffixes.first(where: token.hasSuffix), let number = Int(token.dropLast(suffix.count)), (1...count).contains(number) {
            return number - 1
        }
        return nil
    }

    /// A word without a plural or verb ending, so "nights" meets "Night".
    private static func stem(_ word: String) -> String {
        if word.count > 4, word.hasSuffix("ies") { return String(word.dropLast(3)) + "y" }
        if word.count > 3, word.hasSuffix("s"), !word.hasSuffix("ss") { return String(word.dropLast()) }
        return word
    }
}
