/// Something a candidate's reply says about the slot they want.
enum ChoiceMention: Equatable {
    /// Morning or afternoon, from "am" or "pm".
    enum Meridiem: Equatable {
        case am, pm
    }

    /// The slot numbered so in the offer, counting from 1.
    case option(Int)
    /// The last slot offered.
    case last
    /// A Gregorian weekday, 1 = Sunday … 7 = Saturday.
    case weekday(Int)
    /// A day of the month, with the month when given.
    case date(day: Int, month: Int?)
    /// A month on its own.
    case month(Int)
    /// A clock time; without minutes it means the full hour, or any time in that hour.
    case time(hour: Int, minute: Int?, meridiem: Meridiem?)
    /// A day counted from today: 0 today, 1 tomorrow.
    case relativeDay(Int)

    /// What `tokens` mention, for an offer of `offered` slots; `nil` when the reply declines or hedges against
    /// every slot ("none of these", "can't do those").
    static func mentions(in tokens: [ReplyToken], offered: Int) -> [ChoiceMention]? {
        guard offered > 0 else { return [] }
        var mentions: [ChoiceMention] = []
        var index = 0
        func word(at position: Int) -> String? {
            guard position < tokens.count, case .word(let word) = tokens[position] else { return nil }
            return word
        }
        func number(at position: Int) -> Int? {
            guard position < tokens.count else { return nil }
            switch tokens[position] {
            case .number(let value), .ordinal(let value): return value
            case .word(let word): return ChoiceVocabulary.numbers[word]
            default: return nil
            }
        }
        func meridiem(at position: Int) -> Meridiem? {
            switch word(at: position) {
            case "am": .am
            case "pm": .pm
            default: nil
            }
        }
        /// The day of the month written in digits at `position`.
        func dayOfMonth(at position: Int) -> Int? {
            guard position < tokens.count else { return nil }
            switch tokens[position] {
            case .number(let value) where (1...31).contains(value), .ordinal(let value) where (1...31).contains(value): return value
            default: return nil
            }
        }
        /// The month named at `position`, or after an "of" there; with how many tokens it takes.
        func month(at position: Int) -> (month: Int, length: Int)? {
            if let month = word(at: position).flatMap({ ChoiceVocabulary.months[$0] }) { return (month, 1) }
            if word(at: position) == "of", let month = word(at: position + 1).flatMap({ ChoiceVocabulary.months[$0] }) {
                return (month, 2)
            }
            return nil
        }
        /// Whether the number at `position` reads as a clock time because of what follows it.
        func isHour(at position: Int) -> Bool {
            meridiem(at: position + 1) != nil || word(at: position + 1) == "oclock"
        }

        while index < tokens.count {
            let token = tokens[index]
            index += 1
            switch token {
            case .word(let word):
                if ChoiceVocabulary.declines.contains(word) { return nil }
                if let weekday = ChoiceVocabulary.weekdays[word] {
                    mentions.append(.weekday(weekday))
                } else if let month = ChoiceVocabulary.months[word] {
                    if let day = dayOfMonth(at: index), !isHour(at: index) {
                        mentions.append(.date(day: day, month: month))
                        index += 1
                    } else if word != "may" {
                        mentions.append(.month(month))
                    }
                } else if ChoiceVocabulary.optionMarkers.contains(word), let value = number(at: index) {
                    mentions.append(.option(value))
                    index += 1
                } else if let value = ChoiceVocabulary.ordinals[word] {
                    mentions.append(.option(value))
                } else if word == "last" {
                    mentions.append(.last)
                } else if let value = ChoiceVocabulary.numbers[word], value > 1 || tokens.count == 1 {
                    mentions.append(.option(value))
                } else if word == "noon" || word == "midday" {
                    mentions.append(.time(hour: 12, minute: 0, meridiem: nil))
                } else if word == "today" || word == "tomorrow" {
                    mentions.append(.relativeDay(word == "today" ? 0 : 1))
                } else if word == "at", index < tokens.count, case .number(let hour) = tokens[index], month(at: index + 1) == nil {
                    mentions.append(.time(hour: hour, minute: nil, meridiem: meridiem(at: index + 1)))
                    index += meridiem(at: index + 1) == nil ? 1 : 2
                }
            case .number(let value):
                if let meridiem = meridiem(at: index) {
                    mentions.append(.time(hour: value, minute: nil, meridiem: meridiem))
                    index += 1
                } else if word(at: index) == "oclock" {
                    mentions.append(.time(hour: value, minute: nil, meridiem: nil))
                    index += 1
                } else if let (month, length) = month(at: index), (1...31).contains(value) {
                    mentions.append(.date(day: value, month: month))
                    index += length
                } else if (1...offered).contains(value) {
                    mentions.append(.option(value))
                } else if value <= 23 {
                    mentions.append(.time(hour: value, minute: nil, meridiem: nil))
                }
            case .ordinal(let value):
                if let (month, length) = month(at: index), (1...31).contains(value) {
                    mentions.append(.date(day: value, month: month))
                    index += length
                } else if (1...offered).contains(value) {
                    mentions.append(.option(value))
                } else {
                    mentions.append(.date(day: value, month: nil))
                }
            case .time(let hour, let minute):
                mentions.append(.time(hour: hour, minute: minute, meridiem: meridiem(at: index)))
                if meridiem(at: index) != nil { index += 1 }
            case .hash:
                if let value = number(at: index) {
                    mentions.append(.option(value))
                    index += 1
                }
            }
        }
        return mentions
    }
}
