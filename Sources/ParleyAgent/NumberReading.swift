import Foundation

/// The unit a NUMBER question counts in, read from its wording: years for "How many years…", months for
/// "How many months…", otherwise a plain count.
enum QuantityUnit: Equatable {
    case years
    case months
    case count

    init(question: String) {
        let text = question.lowercased()
        if text.contains("year") {
            self = .years
        } else if text.contains("month") {
            self = .months
        } else {
            self = .count
        }
    }
}

/// A number or a duration in a reply ("five", "5+", "since 2019", "about 3 years", "6 months", "a year and a
/// half", "less than a year"), converted to the unit of the question it answers.
enum NumberReading {
    private static let units: [String: Double] = [
        "year": 12, "years": 12, "yr": 12, "yrs": 12, "y": 12, "decade": 120, "decades": 120,
        "month": 1, "months": 1, "mo": 1, "mos": 1, "mth": 1, "mths": 1, "mnth": 1, "mnths": 1,
        "week": 12 / 52, "weeks": 12 / 52, "wk": 12 / 52, "wks": 12 / 52, "day": 12 / 365, "days": 12 / 365,
    ]
    private static let numberWords: [String: Double] = [
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
        "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
        "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "couple": 2, "few": 3,
        "several": 3, "half": 0.5, "dozen": 12,
    ]
    /// Words that put the number as an upper bound ("less than a year").
    private static let below: Set<String> = ["less", "under", "below", "nearly", "almost", "fewer"]

    /// The amount the reply names in `unit`, or `nil` when it names none.
    static func read(_ reply: ReplyText, unit: QuantityUnit, now: Date) -> Double? {
        let words = reply.words
        for (index, word) in words.enumerated() {
            guard let found = amount(word) ?? wordAmount(words, at: index) else { continue }
            var value = found.0
            let attachedUnit = found.1
            let previous = index > 0 ? words[index - 1] : ""
            if unit != .count, attachedUnit == nil, value >= 1950, value <= Double(year(of: now)) {
                let years = Double(year(of: now)) - value
                return unit == .years ? years : years * 12
            }
            if words.dropFirst(index + 1).prefix(4).joined(separator: " ").contains("and a half") { value += 0.5 }
            let months = attachedUnit ?? unitMonths(after: words, from: index + 1)
            if below.contains(previous) || (index > 1 && below.contains(words[index - 2])) {
                value -= min(0.5, value / 2)
            }
            return convert(value, months: months, to: unit)
        }
        return nil
    }

    /// A number written in digits, with a unit run on ("5yrs", "6mo") and "5+" or "3-4" (the lower end).
    private static func amount(_ word: String) -> (Double, Double?)? {
        let digits = word.prefix { $0.isNumber || $0 == "." }
        guard !digits.isEmpty, let value = Double(digits) else { return nil }
        var rest = word.dropFirst(digits.count)
        if rest.hasPrefix("+") || rest.hasPrefix("-") { rest = rest.drop { $0 == "+" || $0 == "-" || $0.isNumber || $0 == "." } }
        if rest.isEmpty || rest == "ish" { return (value, nil) }
        guard let months = units[String(rest)] else { return nil }
        return (value, months)
    }

    /// A number written in words: "five", "twenty five", "a couple of", "a year" (one), "half a year".
    private static func wordAmount(_ words: [String], at index: Int) -> (Double, Double?)? {
        let word = words[index]
        let next = index + 1 < words.count ? words[index + 1] : ""
        if word == "a" || word == "an" {
            return units[next] != nil ? (1, nil) : nil
        }
        guard var value = numberWords[word] else { return nil }
        if value >= 20, let ones = numberWords[next], ones < 10, ones >= 1 { value += ones }
        if word == "half", next == "a" || next == "an" { return (0.5, nil) }
        return (value, nil)
    }

    /// The unit named among the words after a number ("5 whole years"), as months; `nil` when none is.
    private static func unitMonths(after words: [String], from start: Int) -> Double? {
        for word in words.dropFirst(start).prefix(4) {
            if let months = units[word] { return months }
        }
        return nil
    }

    private static func convert(_ value: Double, months: Double?, to unit: QuantityUnit) -> Double {
        guard let months else { return value }
        switch unit {
        case .years: return value * months / 12
        case .months: return value * months
        case .count: return value
        }
    }

    private static func year(of date: Date) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.component(.year, from: date)
    }
}
