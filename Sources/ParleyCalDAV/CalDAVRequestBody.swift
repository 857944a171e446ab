import Foundation

/// The XML bodies the client sends, in the `DAV:` (prefix `D`) and `urn:ietf:params:xml:ns:caldav` (prefix `C`)
/// namespaces.
enum CalDAVRequestBody {
    /// PROPFIND asking only for `DAV:resourcetype`.
    static let resourceTypePropfind = """
        <?xml version="1.0" encoding="utf-8"?>
        <D:propfind xmlns:D="DAV:"><D:prop><D:resourcetype/></D:prop></D:propfind>
        """

    /// A calendar-query REPORT for the VEVENTs overlapping [from, to), asking for their calendar data with recurring
    /// events expanded to their instances over the same range (RFC 4791 §7.8, §9.6.5).
    static func eventsQuery(from: Date, to: Date) -> String {
        let start = utcTimestamp(from, roundingUp: false)
        let end = utcTimestamp(to, roundingUp: true)
        return """
            <?xml version="1.0" encoding="utf-8"?>
            <C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">\
            <D:prop><C:calendar-data><C:expand start="\(start)" end="\(end)"/></C:calendar-data></D:prop>\
            <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">\
            <C:time-range start="\(start)" end="\(end)"/>\
            </C:comp-filter></C:comp-filter></C:filter>\
            </C:calendar-query>
            """
    }

    /// `date` as an iCalendar UTC date-time, `yyyyMMdd'T'HHmmss'Z'`. Fractions of a second are dropped, or, with
    /// `roundingUp`, counted as a whole second, so a range never shrinks.
    static func utcTimestamp(_ date: Date, roundingUp: Bool) -> String {
        let seconds = date.timeIntervalSinceReferenceDate
        let whole = Date(timeIntervalSinceReferenceDate: roundingUp ? seconds.rounded(.up) : seconds.rounded(.down))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: whole)
        func padded(_ value: Int?, _ width: Int) -> String {
            let digits = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return padded(parts.year, 4) + padded(parts.month, 2) + padded(parts.day, 2) + "T" + padded(parts.hour, 2)
            + padded(parts.minute, 2) + padded(parts.second, 2) + "Z"
    }
}
