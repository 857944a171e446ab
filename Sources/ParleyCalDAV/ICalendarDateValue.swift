import Foundation

/// A DATE or DATE-TIME value of an iCalendar property such as DTSTART (RFC 5545 §3.3.4, §3.3.5), placed on the
/// time line.
///
/// - A DATE-TIME ending in `Z` is UTC.
/// - A DATE-TIME with a `TZID` parameter is local time in that zone, resolved with Foundation's `TimeZone`; an
///   identifier Foundation does not know is tried without leading path parts (so `/mozilla.org/20050126_1/Europe/Berlin`
///   finds `Europe/Berlin`), and if none is known the time is read as UTC.
/// - A DATE-TIME without either is floating and is read as UTC.
/// - A DATE (`VALUE=DATE`, or eight digits without a time) is midnight UTC at the start of that day.
struct ICalendarDateValue: Sendable, Equatable {
    /// The instant the value names.
    var date: Date
    /// Whether the value is a DATE (a whole day) rather than a DATE-TIME.
    var isAllDay: Bool
    /// The zone the value is local to (UTC for UTC, floating and DATE values); durations count days in it.
    var timeZone: TimeZone

    /// Reads the value of `line`; nil if it is not a DATE or DATE-TIME.
    init?(_ line: ICalendarContentLine) {
        let text = line.value.trimmingCharacters(in: .whitespaces)
        let digits = Array(text.utf8)
        let isDate = line.parameters["VALUE"]?.uppercased() == "DATE" || (digits.count == 8 && !text.contains("T"))
        guard digits.count >= 8, let year = Self.number(digits, 0..<4), let month = Self.number(digits, 4..<6),
            let day = Self.number(digits, 6..<8)
        else { return nil }
        var components = DateComponents(year: year, month: month, day: day, hour: 0, minute: 0, second: 0)
        var timeZone = TimeZone.gmt
        if isDate {
            guard digits.count == 8 else { return nil }
        } else {
            guard digits.count == 15 || (digits.count == 16 && digits[15] == UInt8(ascii: "Z")), digits[8] == UInt8(ascii: "T"),
                let hour = Self.number(digits, 9..<11), let minute = Self.number(digits, 11..<13), let second = Self.number(digits, 13..<15),
                hour < 24, minute < 60, second <= 60
            else { return nil }
            components.hour = hour
            components.minute = minute
            components.second = second
            if digits.count == 15, let identifier = line.parameters["TZID"] {
                timeZone = Self.timeZone(named: identifier) ?? .gmt
            }
        }
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        guard let date = calendar.date(from: components) else { return nil }
        self.date = date
        self.isAllDay = isDate
        self.timeZone = timeZone
    }

    /// The zone Foundation knows as `identifier`, or as the longest known tail of it after a `/`.
    static func timeZone(named identifier: String) -> TimeZone? {
        var candidate = Substring(identifier.trimmingCharacters(in: .whitespaces))
        while !candidate.isEmpty {
            if let zone = TimeZone(identifier: String(candidate)) { return zone }
            guard let slash = candidate.firstIndex(of: "/") else { return nil }
            candidate = candidate[candidate.index(after: slash)...]
        }
        return nil
    }

    /// The decimal number in `digits[range]`; nil if any of those bytes is not an ASCII digit.
    private static func number(_ digits: [UInt8], _ range: Range<Int>) -> Int? {
        guard range.upperBound <= digits.count else { return nil }
        var result = 0
        for byte in digits[range] {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            result = result * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return result
    }
}
