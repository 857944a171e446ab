import Foundation

/// A piece of a candidate's reply, as the choice reader sees it.
enum ReplyToken: Equatable {
    /// A run of letters, lowercased, apostrophes dropped ("don't" is "dont").
    case word(String)
    /// A run of digits.
    case number(Int)
    /// Digits with an English ordinal suffix, such as "2nd".
    case ordinal(Int)
    /// A clock time written with a colon or a dot, such as "10:00" or "10.30".
    case time(hour: Int, minute: Int)
    /// A "#", as in "#2".
    case hash

    /// `text` split into tokens; punctuation other than "#" and clock separators only separates.
    static func tokens(of text: String) -> [ReplyToken] {
        let normalized = text.lowercased()
            .replacingOccurrences(of: "a.m.", with: "am")
            .replacingOccurrences(of: "p.m.", with: "pm")
        let scalars = Array(normalized.unicodeScalars.filter { $0 != "'" && $0 != "\u{2019}" })
        var tokens: [ReplyToken] = []
        var index = 0
        func run(while test: (Unicode.Scalar) -> Bool) -> String {
            var text = ""
            while index < scalars.count && test(scalars[index]) {
                text.unicodeScalars.append(scalars[index])
                index += 1
            }
            return text
        }
        while index < scalars.count {
            let scalar = scalars[index]
            if isDigit(scalar) {
                let digits = run(while: isDigit)
                let value = Int(digits.prefix(6)) ?? 0
                if index + 2 < scalars.count, scalars[index] == ":" || scalars[index] == ".", isDigit(scalars[index + 1]),
                    isDigit(scalars[index + 2]), index + 3 == scalars.count || !isDigit(scalars[index + 3])
                {
                    let minute = Int(String(scalars[index + 1]) + String(scalars[index + 2])) ?? 0
                    index += 3
                    tokens.append(.time(hour: value, minute: minute))
                } else {
                    let suffix = run(while: isLetter)
                    if ["st", "nd", "rd", "th"].contains(suffix) {
                        tokens.append(.ordinal(value))
                    } else {
                        tokens.append(.number(value))
                        if !suffix.isEmpty { tokens.append(.word(suffix)) }
                    }
                }
            } else if isLetter(scalar) {
                tokens.append(.word(run(while: isLetter)))
            } else {
                if scalar == "#" { tokens.append(.hash) }
                index += 1
            }
        }
        return tokens
    }
}

/// Whether `scalar` is an ASCII digit.
private func isDigit(_ scalar: Unicode.Scalar) -> Bool {
    ("0"..."9").contains(scalar)
}

/// Whether `scalar` is a letter of any script.
private func isLetter(_ scalar: Unicode.Scalar) -> Bool {
    scalar.properties.isAlphabetic
}
