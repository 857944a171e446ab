/// Business hours as people write them: day names and `HH:MM` times.
extension BusinessHours {
    /// The day names, Monday first, with their Gregorian weekday numbers.
    package static let dayNames: [(name: String, weekday: Int)] = [
        ("MON", 2), ("TUE", 3), ("WED", 4), ("THU", 5), ("FRI", 6), ("SAT", 7), ("SUN", 1),
    ]

    /// Hours from day names and `HH:MM` times, checked; errors name `field` and the part at fault.
    package init(days: [String], start: String, end: String, field: String = "businessHours") throws(ValidationError) {
        var validator = Validator()
        let weekdays = days.compactMap { day in Self.dayNames.first { $0.name == day }?.weekday }
        validator.check(!days.isEmpty, "\(field).days", "must list at least one day")
        validator.check(Set(days).count == days.count, "\(field).days", "must not repeat a day")
        let opens = Self.minutes(start), closes = Self.minutes(end)
        validator.check(opens != nil && opens != 24 * 60, "\(field).start", "must be a time of day as HH:MM, like 09:00")
        validator.check(closes != nil, "\(field).end", "must be a time of day as HH:MM, like 17:00")
        if let opens, let closes {
            validator.check(opens < closes, "\(field).end", "must be after start")
        }
        try validator.finish()
        self.init(weekdays: Set(weekdays), opens: opens ?? 0, closes: closes ?? 0)
    }

    /// The open days' names, Monday first.
    package var dayNamesOpen: [String] {
        Self.dayNames.filter { weekdays.contains($0.weekday) }.map(\.name)
    }

    /// The opening time as `HH:MM`.
    package var start: String { Self.clock(opens) }
    /// The closing time as `HH:MM`.
    package var end: String { Self.clock(closes) }

    /// Minutes after midnight of an `HH:MM` time, `24:00` included; `nil` when it is not one.
    private static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }),
            let hours = Int(parts[0]), let minutes = Int(parts[1]), (0..<60).contains(minutes),
            (0..<24).contains(hours) || (hours == 24 && minutes == 0)
        else { return nil }
        return hours * 60 + minutes
    }

    private static func clock(_ minutes: Int) -> String {
        let hours = minutes / 60, rest = minutes % 60
        return (hours < 10 ? "0" : "") + "\(hours):" + (rest < 10 ? "0" : "") + "\(rest)"
    }
}
