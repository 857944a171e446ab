import AsyncHTTPClient
import Foundation
import HTTPTypes
import ParleyCalDAV
import ParleyServer
import ParleyStore
import ParleyTesting
import SQLKit
import Testing

/// Participants' CalDAV calendars (a real Radicale on loopback) and the iCalendar invites every booking sends
/// (through a real SMTP server on loopback, read back with Python's `email` and `icalendar`). The manual clock
/// starts on Friday 15 January 2027, 09:00 in Berlin.
@Suite("Calendars and invites")
struct CalendarTests {
    @Test(
        "a connected calendar keeps its busy times out of the offer and gets each booking, moved and removed with it",
        arguments: TestDatabase.available)
    func calDAV(kind: TestDatabase) async throws {
        let radicale = try await RadicaleServer.start()
        defer { radicale.stop() }
        let calendar = try await radicale.makeCalendar(named: "work")
        // Sam is busy 09:00–10:00 Berlin, and every Friday from 11:00 for an hour (a recurring event).
        for (name, event) in Self.busyEvents { try await CalDAVClient(httpClient: .shared).putEvent(event, named: name, in: calendar) }
        try await TestServer.run(on: kind, clock: ManualClock().wallClock, configure: ChannelTesting.configure) { server in
            let org = try await server.createOrganization()
            let url = calendar.calendarURL.absoluteString
            let connect = { (password: String) in
                #"{"email":"Sam@Acme.example","calendarUrl":"\#(url)","username":"\#(radicale.username)","password":"\#(password)"}"#
            }
            let refused = try await server.request(.post, "/v1/calendar-connections", as: org, json: connect("wrong"))
            #expect(refused.status == 400 && refused.error == "password: the calendar server refused this username and password", "\(refused.body)")
            let home =
                #"{"email":"sam@acme.example","calendarUrl":"\#(radicale.baseURL)/\#(radicale.username)/","username":"\#(radicale.username)","password":"\#(radicale.password)"}"#
            #expect(
                try await server.request(.post, "/v1/calendar-connections", as: org, json: home).error
                    == "calendarUrl: is not a CalDAV calendar collection")
            let created = try await server.request(.post, "/v1/calendar-connections", as: org, json: connect(radicale.password))
            #expect(created.status == 201, "\(created.body)")
            #expect(created.json["email"] as? String == "sam@acme.example")
            #expect(!created.body.contains(radicale.password))
            #expect(try await server.request(.post, "/v1/calendar-connections", as: org, json: connect(radicale.password)).status == 409)
            let connectionID = try #require(created.json["id"] as? String)
            let other = try await server.createOrganization(name: "Other")
            #expect(try await server.request(.get, "/v1/calendar-connections/\(connectionID)", as: other).status == 404)
            #expect((try await server.request(.get, "/v1/calendar-connections", as: org).json["data"] as? [Any])?.count == 1)

            let (_, campaign) = try await BookingSteps.bookingCampaign(server, org)
            let link = try await BookingSteps.pass(server, org, campaign: campaign, phone: "+14155551234")
            let id = try #require(link.split(separator: "/").last?.split(separator: ".").first.map(String.init))
            let offer = try #require(try await agentMessages(server, org, id).last)
            #expect(offer.contains("1) Fri 15 Jan, 10:00\n2) Fri 15 Jan, 10:15\n3) Fri 15 Jan, 10:30"), "\(offer)")
            let slots = try await server.request(.get, link + "/slots").json["slots"] as? [[String: Any]] ?? []
            let starts = slots.compactMap { $0["start"] as? String }
            #expect(!starts.contains("2027-01-15T10:00:00Z") && !starts.contains("2027-01-22T10:30:00Z"), "the weekly event blocks every Friday")
            #expect(starts.contains("2027-01-15T11:00:00Z"))

            #expect(try await reply(server, org, "2") == 202)
            _ = try await agentMessageCount(4, server, org, id)
            try await server.settle()
            let bookingID = try #require(
                (try await server.request(.get, "/v1/bookings?conversationId=\(id)", as: org).json["data"] as? [[String: Any]])?.first?["id"]
                    as? String)
            let client = CalDAVClient(httpClient: .shared)
            let window = (Date(timeIntervalSince1970: 1_800_000_000), Date(timeIntervalSince1970: 1_800_000_000 + 86_400))
            var busy = try await client.busyTimes(in: calendar, from: window.0, to: window.1).map { $0.start.timeIntervalSince1970 }
            #expect(busy.contains(1_800_000_000 + 4_500), "the booking at 10:15 Berlin is in Sam's calendar")
            let stored = try await radicale.send("GET", to: calendar.calendarURL.appendingPathComponent("\(bookingID).ics"))
            #expect(!stored.body.contains("METHOD:"), "a stored calendar object carries no iTIP method")
            let event =
                try JSONSerialization.jsonObject(with: try await PythonFilter.run(Self.readStoredEvent, input: Data(stored.body.utf8)))
                as? [String: String]
            #expect(
                event == [
                    "uid": "\(bookingID.lowercased())@parley", "start": "2027-01-15T09:15:00+00:00", "end": "2027-01-15T09:45:00+00:00",
                    "summary": "Barista interview: Ada", "organizer": "mailto:sam@acme.example",
                ])

            let moved = try await server.request(.patch, "/v1/bookings/\(bookingID)", as: org, json: #"{"start":"2027-01-15T13:00:00Z"}"#)
            #expect(moved.status == 200, "\(moved.body)")
            try await server.settle()
            busy = try await client.busyTimes(in: calendar, from: window.0, to: window.1).map { $0.start.timeIntervalSince1970 }
            #expect(busy.contains(1_800_000_000 + 5 * 3_600) && !busy.contains(1_800_000_000 + 4_500))

            #expect(try await server.request(.post, "/v1/bookings/\(bookingID)/cancel", as: org).status == 200)
            try await server.settle()
            busy = try await client.busyTimes(in: calendar, from: window.0, to: window.1).map { $0.start.timeIntervalSince1970 }
            #expect(!busy.contains(1_800_000_000 + 5 * 3_600), "a cancelled booking leaves the calendar")

            // Without an email connection the invites stay in the Sandbox: recorded, one per participant and version.
            let invites = try await server.database.read { sql in
                try await sql.select().columns("sequence", "recipient", "method", "status").from("calendar_invites")
                    .where("booking_id", .equal, SQLBind(bookingID)).orderBy("sequence").orderBy("recipient").all()
                    .map {
                        "\(try $0.decode(column: "sequence", as: Int.self)) \(try $0.decode(column: "method", as: String.self)) "
                            + "\(try $0.decode(column: "recipient", as: String.self)) \(try $0.decode(column: "status", as: String.self))"
                    }
            }
            #expect(
                invites == [
                    "0 REQUEST lee@acme.example SANDBOX", "0 REQUEST sam@acme.example SANDBOX", "1 REQUEST lee@acme.example SANDBOX",
                    "1 REQUEST sam@acme.example SANDBOX", "2 CANCEL lee@acme.example SANDBOX", "2 CANCEL sam@acme.example SANDBOX",
                ])

            #expect(try await server.request(.delete, "/v1/calendar-connections/\(connectionID)", as: org).status == 204)
            #expect(try await server.request(.get, "/v1/calendar-connections/\(connectionID)", as: org).status == 404)
        }
    }

    @Test("each booking version emails one iCalendar invite to the candidate and every participant, never twice", arguments: TestDatabase.available)
    func invitesByEmail(kind: TestDatabase) async throws {
        let sink = try await SMTPSink()
        defer { sink.stop() }
        try await TestServer.run(on: kind, clock: ManualClock().wallClock, configure: ChannelTesting.configure) { server in
            let org = try await server.createOrganization(name: "Acme Recruiting")
            let connection = #"""
                {"channel":"EMAIL","provider":"SMTP","sender":"jobs@acme.example","apiBaseUrl":"smtp://127.0.0.1:\#(sink.port)","messagesPerSecond":1000,
                 "credentials":{"username":"\#(SMTPSink.username)","password":"\#(SMTPSink.password)"}}
                """#
            #expect(try await server.request(.post, "/v1/channel-connections", as: org, json: connection).status == 201)
            let (_, campaign) = try await BookingSteps.bookingCampaign(server, org)
            let booking = try await BookingSteps.book(server, org, campaign: campaign, phone: "+14155551234", at: "2027-01-15T09:00:00Z")
            let bookingID = try #require(booking["id"] as? String)
            try await server.settle()
            let moved = try await server.request(.patch, "/v1/bookings/\(bookingID)", as: org, json: #"{"start":"2027-01-18T08:00:00Z"}"#)
            #expect(moved.status == 200)
            try await server.settle()
            #expect(try await server.request(.post, "/v1/bookings/\(bookingID)/cancel", as: org).status == 200)
            try await server.settle()

            // The same job again (a worker that died after sending) sends nothing more.
            try await server.database.transaction { sql in
                try await sql.update("jobs").set("status", to: SQLBind("PENDING")).set("attempts", to: SQLBind(0))
                    .where("kind", .equal, SQLBind("booking.calendar")).run()
            }
            try await server.settle()

            let jobs = try await server.database.read { sql in
                try await sql.select().columns("status", "last_error").from("jobs").where("kind", .equal, SQLBind("booking.calendar")).all()
                    .map { "\(try $0.decode(column: "status", as: String.self)) \(try $0.decode(column: "last_error", as: String?.self) ?? "")" }
            }
            var invites: [InviteReader.Invite] = []
            for message in try sink.received() { invites.append(try await InviteReader.read(message.data)) }
            let rows = try await server.database.read { sql in
                try await sql.select().columns("status").from("calendar_invites").all().map { try $0.decode(column: "status", as: String.self) }
            }
            #expect(jobs.allSatisfy { $0.hasPrefix("DONE") || $0.hasPrefix("SUCCEEDED") }, "\(jobs) \(rows)")
            #expect(invites.count == 6, "three versions, each to Sam (organizer) and Lee; the SMS candidate has no email")
            #expect(
                invites.map(\.to).sorted() == [
                    "lee@acme.example", "lee@acme.example", "lee@acme.example", "sam@acme.example", "sam@acme.example", "sam@acme.example",
                ])
            let uid = "\(bookingID.lowercased())@parley"
            #expect(Set(invites.map(\.uid)) == [uid])
            let versions = invites.map { "\($0.sequence) \($0.partMethod) \($0.method) \($0.status) \($0.dtstart)" }
            #expect(
                Set(versions) == [
                    "0 REQUEST REQUEST CONFIRMED 2027-01-15T09:00:00+00:00", "1 REQUEST REQUEST CONFIRMED 2027-01-18T08:00:00+00:00",
                    "2 CANCEL CANCEL CANCELLED 2027-01-18T08:00:00+00:00",
                ])
            let first = try #require(invites.first { $0.sequence == 0 })
            #expect(first.subject == "Invitation: Barista interview: Ada")
            #expect(first.organizer == "mailto:sam@acme.example")
            #expect(first.attendees == ["mailto:lee@acme.example"])
            #expect(first.location == "Roastery, Hauptstr. 1")
        }
    }

    @Test("a conversation with its own meeting set-up books from its own template", arguments: TestDatabase.available)
    func ownMeetingSetUp(kind: TestDatabase) async throws {
        try await TestServer.run(on: kind, clock: ManualClock().wallClock) { server in
            let org = try await server.createOrganization()
            let (_, campaign) = try await BookingSteps.bookingCampaign(server, org)
            let configuration =
                #"{"title":"Final round","openHours":[{"days":["MON"],"start":"14:00","end":"16:00"}],"timezone":"Europe/London","duration":60,"videoConferencing":false}"#
            let participants = #"[{"name":"Kim","email":"kim@acme.example","isOrganizer":true}]"#
            let body =
                #"{"campaignId":"\#(campaign)","firstName":"Ada","phoneNumber":"+14155551234","meetingParticipants":\#(participants),"meetingConfiguration":\#(configuration)}"#
            let created = try await server.request(.post, "/v1/scheduling/conversations", as: org, json: body)
            #expect(created.status == 201, "\(created.body)")
            let templateID = try #require(created.json["meetingTemplateId"] as? String)
            let inUse = try await server.request(.delete, "/v1/meeting-templates/\(templateID)", as: org)
            #expect(inUse.status == 409 && inUse.error?.contains("books from this template") == true, "\(inUse.body)")
            let template = try await server.request(.get, "/v1/meeting-templates/\(templateID)", as: org).json
            #expect(template["title"] as? String == "Final round")
            let id = try #require(created.json["id"] as? String)
            _ = try await conversation(server, org, id) { $0["status"] as? String == "ONGOING" }
            #expect(try await reply(server, org, "yes") == 202)
            let closing = try #require(try await agentMessageCount(3, server, org, id).last)
            #expect(closing.contains("(Europe/London time):\n1) Mon 18 Jan, 14:00\n2) Mon 18 Jan, 14:15\n3) Mon 18 Jan, 14:30"), "\(closing)")

            let broken = body.replacingOccurrences(of: #""duration":60"#, with: #""duration":0"#)
            let refused = try await server.request(.post, "/v1/scheduling/conversations", as: org, json: broken)
            #expect(refused.error == "meetingConfiguration.duration: must be 1 to 1440 minutes", "\(refused.body)")
            let plain = try #require(
                try await server.request(.post, "/v1/campaigns", as: org, json: CampaignBodies.body()).json["id"] as? String)
            let wrongCampaign = body.replacingOccurrences(of: campaign, with: plain).replacingOccurrences(of: "4155551234", with: "4155559999")
            #expect(
                try await server.request(.post, "/v1/scheduling/conversations", as: org, json: wrongCampaign).error
                    == "campaignId: must be a SCHEDULING campaign or close with CALENDAR_MEETING_INTEGRATION to book a meeting")
            #expect(
                (try await server.request(.get, "/v1/meeting-templates", as: org).json["data"] as? [Any])?.count == 2,
                "a refused request makes no template")

            // Without PARLEY_CHANNELS_ALLOW_PRIVATE_TARGETS a calendar on this machine's network is refused before any request.
            let local = #"{"email":"kim@acme.example","calendarUrl":"http://127.0.0.1:5232/kim/work/","username":"kim","password":"x"}"#
            let refusedLocal = try await server.request(.post, "/v1/calendar-connections", as: org, json: local)
            #expect(refusedLocal.status == 400 && refusedLocal.error?.hasPrefix("calendarUrl: ") == true, "\(refusedLocal.body)")
        }
    }

    /// Prints the stored event's fields as Python's `icalendar` reads them.
    private static let readStoredEvent = """
        import json, sys
        from icalendar import Calendar
        event = Calendar.from_ical(sys.stdin.buffer.read()).walk('VEVENT')[0]
        print(json.dumps({'uid': str(event['UID']), 'start': event.decoded('DTSTART').isoformat(), 'end': event.decoded('DTEND').isoformat(),
                          'summary': str(event['SUMMARY']), 'organizer': str(event['ORGANIZER'])}))
        """

    /// One plain busy hour and a weekly recurring one, as a calendar client would store them: one event per object.
    private static let busyEvents = [
        ("dentist", ["UID:busy-1", "DTSTART:20270115T080000Z", "DTEND:20270115T090000Z", "SUMMARY:Dentist"]),
        (
            "team", ["UID:busy-2", "DTSTART;TZID=Europe/Berlin:20270115T110000", "DTEND;TZID=Europe/Berlin:20270115T120000", "RRULE:FREQ=WEEKLY"]
        ),
    ].map { name, lines in
        let event =
            ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//EN", "BEGIN:VEVENT", "DTSTAMP:20270101T000000Z"] + lines + [
                "END:VEVENT", "END:VCALENDAR",
            ]
        return (name, event.joined(separator: "\r\n") + "\r\n")
    }
}

/// Reads an invite email with Python's `email` and `icalendar` packages.
enum InviteReader {
    struct Invite: Decodable {
        var to: String
        var subject: String
        /// The `method` parameter of the text/calendar part's Content-Type.
        var partMethod: String
        var method: String
        var uid: String
        var sequence: Int
        var status: String
        var dtstart: String
        var organizer: String
        var attendees: [String]
        var location: String?
    }

    static let script = """
        import email, json, sys
        from email.utils import parseaddr
        from icalendar import Calendar
        message = email.message_from_bytes(sys.stdin.buffer.read())
        part = next(p for p in message.walk() if p.get_content_type() == 'text/calendar')
        calendar = Calendar.from_ical(part.get_payload(decode=True))
        event = calendar.walk('VEVENT')[0]
        attendees = event.get('ATTENDEE') or []
        if not isinstance(attendees, list): attendees = [attendees]
        print(json.dumps({
            'to': parseaddr(message['To'])[1], 'subject': str(email.header.make_header(email.header.decode_header(message['Subject']))),
            'partMethod': part.get_param('method'), 'method': str(calendar.get('METHOD')), 'uid': str(event.get('UID')),
            'sequence': int(event.get('SEQUENCE')), 'status': str(event.get('STATUS')), 'dtstart': event.decoded('DTSTART').isoformat(),
            'organizer': str(event.get('ORGANIZER')), 'attendees': [str(a) for a in attendees],
            'location': str(event.get('LOCATION')) if event.get('LOCATION') else None,
        }))
        """

    static func read(_ message: String) async throws -> Invite {
        try JSONDecoder().decode(Invite.self, from: try await PythonFilter.run(script, input: Data(message.utf8)))
    }
}
