import Foundation

extension CalendarInvite {
    /// The invite as an iCalendar object: a VCALENDAR with one VEVENT (and a VALARM when a reminder is set),
    /// text escaped, lines folded at 75 octets and ended with CRLF.
    package func rendered() -> String {
        render(withMethod: true)
    }

    /// The event as a calendar object for a CalDAV server to store (RFC 4791 §4.1): ``rendered()`` without METHOD,
    /// which stored objects must not carry.
    package func storedObject() -> String {
        render(withMethod: false)
    }

    private func render(withMethod: Bool) -> String {
        var lines = [
            "BEGIN:VCALENDAR",
            "PRODID:" + ICalendarText.escaped(productID),
            "VERSION:2.0",
            "CALSCALE:GREGORIAN",
        ]
        if withMethod { lines.append("METHOD:" + method.rawValue) }
        lines += [
            "BEGIN:VEVENT",
            "UID:" + ICalendarText.escaped(uid),
            "SEQUENCE:\(max(0, sequence))",
            "DTSTAMP:" + ICalendarText.utcDateTime(stamp),
            "DTSTART:" + ICalendarText.utcDateTime(start),
            "DTEND:" + ICalendarText.utcDateTime(end),
            "SUMMARY:" + ICalendarText.escaped(summary),
            "DESCRIPTION:" + ICalendarText.escaped(description),
        ]
        if let location { lines.append("LOCATION:" + ICalendarText.escaped(location)) }
        if let url { lines.append("URL:" + ICalendarText.withoutLineBreaks(url.absoluteString)) }
        lines.append("ORGANIZER;CN=" + ICalendarText.parameter(organizer.name) + ":" + ICalendarText.mailto(organizer.email))
        for attendee in attendees {
            lines.append(
                "ATTENDEE;CN=" + ICalendarText.parameter(attendee.name)
                    + ";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:" + ICalendarText.mailto(attendee.email))
        }
        lines.append("STATUS:" + (method == .cancel ? "CANCELLED" : "CONFIRMED"))
        if let reminderMinutes, method == .request {
            lines += [
                "BEGIN:VALARM",
                "ACTION:DISPLAY",
                "DESCRIPTION:" + ICalendarText.escaped(summary),
                "TRIGGER:-PT\(max(0, reminderMinutes))M",
                "END:VALARM",
            ]
        }
        lines += ["END:VEVENT", "END:VCALENDAR"]
        return lines.map { ICalendarText.folded($0) + "\r\n" }.joined()
    }
}
