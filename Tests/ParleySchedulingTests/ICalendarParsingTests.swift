import Foundation
import ParleyScheduling
import ParleyTesting
import Testing

/// Reads rendered invites back with Python's `icalendar` package (`python3 -m pip install icalendar`).
@Suite struct ICalendarParsingTests {
    static let script = """
        import json, sys
        from icalendar import Calendar
        calendar = Calendar.from_ical(open(sys.argv[1], 'rb').read())
        events = calendar.walk('VEVENT')
        event = events[0]
        def person(value):
            return {'cn': str(value.params.get('CN', '')), 'address': str(value),
                    'role': str(value.params.get('ROLE', '')), 'rsvp': str(value.params.get('RSVP', ''))}
        attendees = event.get('ATTENDEE', [])
        attendees = attendees if isinstance(attendees, list) else [attendees]
        text = lambda name: None if event.get(name) is None else str(event.get(name))
        print(json.dumps({
            'prodid': str(calendar.get('PRODID')), 'version': str(calendar.get('VERSION')),
            'method': str(calendar.get('METHOD')), 'events': len(events),
            'uid': text('UID'), 'sequence': int(event.decoded('SEQUENCE')),
            'dtstamp': event.decoded('DTSTAMP').isoformat(), 'dtstart': event.decoded('DTSTART').isoformat(),
            'dtend': event.decoded('DTEND').isoformat(), 'summary': text('SUMMARY'), 'description': text('DESCRIPTION'),
            'location': text('LOCATION'), 'url': text('URL'), 'status': text('STATUS'),
            'organizer': person(event.get('ORGANIZER')), 'attendees': [person(a) for a in attendees],
            'alarms': [{'action': str(a.get('ACTION')), 'trigger': a.decoded('TRIGGER').total_seconds()}
                       for a in event.walk('VALARM')],
            'errors': [str(e) for c in calendar.walk() for e in c.errors],
        }))
        """

    /// The fields Python's `icalendar` reads from `invite`'s rendering.
    func parsed(_ invite: CalendarInvite) async throws -> [String: Any] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("parley-invite-\(UUID().uuidString).ics")
        try Data(invite.rendered().utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.script, file.path]
        let finished = try await ChildProcess.run(process)
        try #require(finished.status == 0, "python3 could not parse the invite; is icalendar installed (python3 -m pip install icalendar)?")
        return try #require(try JSONSerialization.jsonObject(with: finished.output) as? [String: Any])
    }

    @Test func requestReadsBack() async throws {
        let fields = try await parsed(InviteFixtures.request)
        #expect(fields["errors"] as? [String] == [])
        #expect(fields["prodid"] as? String == "-//Parley//Scheduling//EN")
        #expect(fields["version"] as? String == "2.0")
        #expect(fields["method"] as? String == "REQUEST")
        #expect(fields["events"] as? Int == 1)
        #expect(fields["uid"] as? String == "slot-42@parley.example")
        #expect(fields["sequence"] as? Int == 2)
        #expect(fields["dtstamp"] as? String == "2025-03-01T08:15:30+00:00")
        #expect(fields["dtstart"] as? String == "2025-03-04T09:00:00+00:00")
        #expect(fields["dtend"] as? String == "2025-03-04T09:30:00+00:00")
        #expect(fields["summary"] as? String == InviteFixtures.summary)
        #expect(fields["description"] as? String == InviteFixtures.description.replacingOccurrences(of: "\r\n", with: "\n"))
        #expect(fields["location"] as? String == InviteFixtures.location)
        #expect(fields["url"] as? String == "https://parley.example/booking/42?token=a,b;c")
        #expect(fields["status"] as? String == "CONFIRMED")
        let organizer = fields["organizer"] as? [String: String]
        #expect(organizer?["cn"] == "Parley: Recruiting")
        #expect(organizer?["address"] == "mailto:recruiting@parley.example")
        let attendees = fields["attendees"] as? [[String: String]] ?? []
        #expect(attendees.map { $0["cn"] } == ["Doe, Jane", "Zoë 'Z' Ünal", "Plain Name"])
        #expect(attendees.map { $0["address"] } == ["mailto:jane@example.com", "mailto:zoe@example.org", "mailto:plain@example.net"])
        #expect(attendees.allSatisfy { $0["role"] == "REQ-PARTICIPANT" && $0["rsvp"] == "TRUE" })
        let alarms = fields["alarms"] as? [[String: Any]] ?? []
        #expect(alarms.count == 1)
        #expect(alarms.first?["action"] as? String == "DISPLAY")
        #expect(alarms.first?["trigger"] as? Double == -900)
    }

    @Test func cancellationReadsBack() async throws {
        let fields = try await parsed(InviteFixtures.cancellation)
        #expect(fields["errors"] as? [String] == [])
        #expect(fields["method"] as? String == "CANCEL")
        #expect(fields["status"] as? String == "CANCELLED")
        #expect(fields["sequence"] as? Int == 3)
        #expect(fields["location"] is NSNull)
        #expect(fields["url"] is NSNull)
        #expect((fields["alarms"] as? [Any])?.isEmpty == true)
        #expect((fields["attendees"] as? [Any])?.count == 3)
    }
}
