import Foundation

/// Reads busy times out of iCalendar text such as a CalDAV server's `calendar-data`. Pure functions, no I/O.
///
/// Each VEVENT is one busy time, from DTSTART to:
/// - DTEND, if it has one;
/// - else DTSTART plus DURATION (days counted in DTSTART's zone);
/// - else, for a DATE start, the end of that day; a DATE-TIME start alone takes no time and is skipped.
///
/// Times are placed as ``ICalendarDateValue`` describes: `Z` is UTC, `TZID=` is that zone, floating times are read
/// as UTC, and an all-day (DATE) value is midnight UTC, so an all-day event on 2025-03-05 is busy from
/// 2025-03-05T00:00Z to 2025-03-06T00:00Z whatever the calendar owner's zone. Events marked `TRANSP:TRANSPARENT` or
/// `STATUS:CANCELLED`, and events whose end is not after their start, are skipped. Recurrence rules are not
/// expanded here: each VEVENT counts once (CalDAV's `expand` makes the server send one VEVENT per instance).
/// Properties of components nested in a VEVENT (VALARM) and of other components (VTIMEZONE, VTODO) are ignored.
package enum ICalendarBusyParser {
    /// The busy times of every VEVENT in `text`, which may hold any number of VCALENDAR objects, in the order the
    /// events appear. Lines that cannot be read are skipped.
    package static func busyTimes(in text: String) -> [CalDAVBusyTime] {
        var busyTimes: [CalDAVBusyTime] = []
        var eventProperties: [ICalendarContentLine]?
        var nestedComponents = 0
        for rawLine in ICalendarContentLine.unfoldedLines(of: text) {
            guard let line = ICalendarContentLine(rawLine) else { continue }
            let component = line.value.trimmingCharacters(in: .whitespaces).uppercased()
            switch line.name {
            case "BEGIN" where eventProperties != nil:
                nestedComponents += 1
            case "BEGIN" where component == "VEVENT":
                eventProperties = []
                nestedComponents = 0
            case "END" where eventProperties != nil && nestedComponents > 0:
                nestedComponents -= 1
            case "END" where eventProperties != nil:
                if let properties = eventProperties, let busyTime = busyTime(ofEventWith: properties) {
                    busyTimes.append(busyTime)
                }
                eventProperties = nil
            case "BEGIN", "END":
                break
            default:
                if nestedComponents == 0 { eventProperties?.append(line) }
            }
        }
        return busyTimes
    }

    /// The busy time of one VEVENT given its own properties; nil if it takes no time (transparent, cancelled,
    /// zero or negative length) or has no readable DTSTART.
    static func busyTime(ofEventWith properties: [ICalendarContentLine]) -> CalDAVBusyTime? {
        func first(_ name: String) -> ICalendarContentLine? { properties.first { $0.name == name } }
        func keyword(_ name: String) -> String? { first(name)?.value.trimmingCharacters(in: .whitespaces).uppercased() }

        if keyword("TRANSP") == "TRANSPARENT" || keyword("STATUS") == "CANCELLED" { return nil }
        guard let startLine = first("DTSTART"), let start = ICalendarDateValue(startLine) else { return nil }

        let end: Date?
        if let endLine = first("DTEND"), let endValue = ICalendarDateValue(endLine) {
            end = endValue.date
        } else if let durationLine = first("DURATION"), let duration = ICalendarDuration(durationLine.value) {
            end = duration.added(to: start.date, in: start.timeZone)
        } else if start.isAllDay {
            end = ICalendarDuration(days: 1, seconds: 0).added(to: start.date, in: start.timeZone)
        } else {
            end = nil
        }
        guard let end, end > start.date else { return nil }
        return CalDAVBusyTime(start: start.date, end: end)
    }
}
