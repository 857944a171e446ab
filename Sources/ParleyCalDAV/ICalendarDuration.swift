import Foundation

/// An iCalendar DURATION value such as `PT1H30M`, `P1D` or `-P1W` (RFC 5545 §3.3.6).
///
/// Weeks and days are nominal: adding `P1D` moves to the same wall-clock time on the next day in the event's zone,
/// which is 23 or 25 hours across a daylight-saving change. Hours, minutes and seconds are exact.
struct ICalendarDuration: Sendable, Equatable {
    /// Whole days (weeks count as seven), negative for a negative duration.
    var days: Int
    /// Exact seconds from the time part, negative for a negative duration.
    var seconds: Int

    /// Creates a duration of `days` nominal days and `seconds` exact seconds.
    init(days: Int, seconds: Int) {
        self.days = days
        self.seconds = seconds
    }

    /// Reads a DURATION value; nil if it is not one.
    init?(_ text: String) {
        var scalars = Substring(text.trimmingCharacters(in: .whitespaces)).unicodeScalars[...]
        var sign = 1
        if scalars.first == "-" || scalars.first == "+" {
            if scalars.first == "-" { sign = -1 }
            scalars = scalars.dropFirst()
        }
        guard scalars.first == "P" || scalars.first == "p" else { return nil }
        scalars = scalars.dropFirst()
        var days = 0
        var seconds = 0
        var inTimePart = false
        var sawComponent = false
        var sawTimeComponent = false
        var number: Int?
        for scalar in scalars {
            if scalar.isASCII, ("0"..."9").contains(scalar) {
                // Nine digits at most, so multiplying by 3600 and summing can never overflow.
                guard (number ?? 0) < 100_000_000 else { return nil }
                number = (number ?? 0) * 10 + Int(scalar.value - 48)
                continue
            }
            let designator = Character(scalar).uppercased()
            if designator == "T" {
                guard !inTimePart, number == nil else { return nil }
                inTimePart = true
                continue
            }
            guard let value = number else { return nil }
            switch (designator, inTimePart) {
            case ("W", false): days += value * 7
            case ("D", false): days += value
            case ("H", true): seconds += value * 3600
            case ("M", true): seconds += value * 60
            case ("S", true): seconds += value
            default: return nil
            }
            number = nil
            sawComponent = true
            sawTimeComponent = sawTimeComponent || inTimePart
        }
        guard sawComponent, number == nil, !inTimePart || sawTimeComponent else { return nil }
        self.init(days: sign * days, seconds: sign * seconds)
    }

    /// `start` moved on by this duration, counting days in `timeZone`; nil if the calendar cannot compute it.
    func added(to start: Date, in timeZone: TimeZone) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        guard let afterDays = days == 0 ? start : calendar.date(byAdding: .day, value: days, to: start) else { return nil }
        return afterDays.addingTimeInterval(TimeInterval(seconds))
    }
}
