import Foundation
import ParleyScheduling

/// Helpers shared by the tests: zones, local dates, and slots shown as local times.
enum TestSupport {
    /// The zone named `identifier`; the tests only use zones every tz database has.
    static func zone(_ identifier: String) -> TimeZone {
        TimeZone(identifier: identifier)!
    }

    /// A Gregorian calendar in `zone`.
    static func calendar(_ zone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }

    /// The instant of an unambiguous local wall-clock time in `zone`.
    static func local(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int = 0, in zone: TimeZone) -> Date {
        calendar(zone).date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute))!
    }

    /// The instant written in ISO 8601 with an explicit offset, such as "2025-03-30T01:45:00+01:00".
    static func instant(_ text: String) -> Date {
        try! Date(text, strategy: .iso8601)
    }

    /// Each slot's start and end as local times with their UTC offsets, such as "01:45+01:00-03:45+02:00".
    static func localTimes(_ slots: [Slot], in zone: TimeZone) -> [String] {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "HH:mmxxx"
        return slots.map { formatter.string(from: $0.start) + "-" + formatter.string(from: $0.end) }
    }

    /// Each slot's start as a local "EEE HH:mm" in `zone`.
    static func localStarts(_ slots: [Slot], in zone: TimeZone) -> [String] {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "EEE HH:mm"
        return slots.map { formatter.string(from: $0.start) }
    }
}
