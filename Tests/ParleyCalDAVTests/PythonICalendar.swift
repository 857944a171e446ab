import Foundation
import ParleyTesting

/// Reads iCalendar text with Python's `icalendar` package (`python3 -m pip install icalendar`), as an independent
/// check of what a server stored.
enum PythonICalendar {
    /// The fields of one VEVENT as Python reads them.
    struct Event: Decodable, Equatable {
        /// UID.
        var uid: String
        /// DTSTART as ISO 8601, e.g. `2025-03-04T09:00:00+00:00`.
        var dtstart: String
        /// DTEND as ISO 8601.
        var dtend: String
        /// SUMMARY, unescaped.
        var summary: String
    }

    /// Prints the first VEVENT of the calendar on stdin as JSON.
    static let script = """
        import json, sys
        from icalendar import Calendar
        calendar = Calendar.from_ical(sys.stdin.buffer.read())
        event = calendar.walk('VEVENT')[0]
        print(json.dumps({
            'uid': str(event.get('UID')), 'summary': str(event.get('SUMMARY')),
            'dtstart': event.decoded('DTSTART').isoformat(), 'dtend': event.decoded('DTEND').isoformat(),
        }))
        """

    /// The first VEVENT of `iCalendar`, read by Python.
    static func firstEvent(of iCalendar: String) async throws -> Event {
        let data = try await PythonFilter.run(script, input: Data(iCalendar.utf8))
        return try JSONDecoder().decode(Event.self, from: data)
    }
}
