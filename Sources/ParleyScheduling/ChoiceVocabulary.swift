/// The English words the choice reader knows, lowercased and without apostrophes.
enum ChoiceVocabulary {
    /// Weekday names and abbreviations, to Gregorian weekday numbers (1 = Sunday).
    static let weekdays: [String: Int] = [
        "sunday": 1, "sun": 1, "monday": 2, "mon": 2, "tuesday": 3, "tue": 3, "tues": 3, "wednesday": 4, "wed": 4, "weds": 4,
        "thursday": 5, "thu": 5, "thur": 5, "thurs": 5, "friday": 6, "fri": 6, "saturday": 7, "sat": 7,
    ]

    /// Month names and abbreviations, to month numbers.
    static let months: [String: Int] = [
        "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5, "june": 6,
        "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10,
        "november": 11, "nov": 11, "december": 12, "dec": 12,
    ]

    /// Ordinal words, to the option they name.
    static let ordinals: [String: Int] = ["first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5]

    /// Number words, to their value.
    static let numbers: [String: Int] = ["one": 1, "two": 2, "three": 3, "four": 4, "five": 5]

    /// Words that introduce an option number, as in "option 2" or "no. 2".
    static let optionMarkers: Set<String> = ["option", "opt", "number", "num", "nr", "no", "choice", "slot"]

    /// Words that turn a reply into a refusal or a doubt about the offer, so no slot is read from it.
    static let declines: Set<String> = [
        "none", "neither", "nor", "not", "dont", "cant", "cannot", "wont", "doesnt", "isnt", "unable", "nope", "nothing",
    ]
}
