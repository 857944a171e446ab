import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix
import ParleyTesting
import Testing

@testable import ParleyCalDAV

/// The client against a real Radicale on loopback; each test starts its own server.
@Suite struct CalDAVClientRadicaleTests {
    /// The client under test.
    let client = CalDAVClient(httpClient: .shared)

    /// Runs `body` with a fresh Radicale, and kills it afterwards.
    func withRadicale(_ body: (RadicaleServer) async throws -> Void) async throws {
        let server = try await RadicaleServer.start()
        defer { server.stop() }
        try await body(server)
    }

    /// Europe/Berlin as clients send it along with TZID references.
    static let berlin = """
        BEGIN:VTIMEZONE
        TZID:Europe/Berlin
        BEGIN:STANDARD
        DTSTART:19701025T030000
        RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
        TZOFFSETFROM:+0200
        TZOFFSETTO:+0100
        TZNAME:CET
        END:STANDARD
        BEGIN:DAYLIGHT
        DTSTART:19700329T020000
        RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
        TZOFFSETFROM:+0100
        TZOFFSETTO:+0200
        TZNAME:CEST
        END:DAYLIGHT
        END:VTIMEZONE
        """

    /// A VCALENDAR holding one VEVENT with `uid` and `lines`, with Berlin's VTIMEZONE if `inBerlin`, CRLF-terminated.
    static func event(_ uid: String, _ lines: [String], inBerlin: Bool = false) -> String {
        var all = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Parley//CalDAV Tests//EN"]
        if inBerlin { all += berlin.split(separator: "\n").map(String.init) }
        all += ["BEGIN:VEVENT", "UID:\(uid)", "DTSTAMP:20250101T000000Z"] + lines + ["END:VEVENT", "END:VCALENDAR", ""]
        return all.joined(separator: "\r\n")
    }

    /// The events of the busy-time test, by resource name.
    static let busyTimeEvents: [(String, String)] = [
        ("plain", event("plain@parley", ["DTSTART:20250304T090000Z", "DTEND:20250304T100000Z", "SUMMARY:Plain UTC"])),
        (
            "berlin",
            event(
                "berlin@parley", ["DTSTART;TZID=Europe/Berlin:20250305T140000", "DTEND;TZID=Europe/Berlin:20250305T153000", "SUMMARY:Berlin"],
                inBerlin: true)
        ),
        // Mondays 10:00-11:00 Berlin from 2025-02-24; 2025-03-17 excluded; Berlin moves to summer time on 2025-03-30.
        (
            "weekly",
            event(
                "weekly@parley",
                [
                    "DTSTART;TZID=Europe/Berlin:20250224T100000", "DTEND;TZID=Europe/Berlin:20250224T110000", "RRULE:FREQ=WEEKLY;COUNT=10",
                    "EXDATE;TZID=Europe/Berlin:20250317T100000", "SUMMARY:Weekly",
                ], inBerlin: true)
        ),
        ("allday", event("allday@parley", ["DTSTART;VALUE=DATE:20250306", "DTEND;VALUE=DATE:20250307", "SUMMARY:All day"])),
        (
            "transparent",
            event("transparent@parley", ["DTSTART:20250307T120000Z", "DTEND:20250307T130000Z", "TRANSP:TRANSPARENT", "SUMMARY:Free"])
        ),
        ("cancelled", event("cancelled@parley", ["DTSTART:20250307T140000Z", "DTEND:20250307T150000Z", "STATUS:CANCELLED", "SUMMARY:Off"])),
        ("outside", event("outside@parley", ["DTSTART:20250415T100000Z", "DTEND:20250415T110000Z", "SUMMARY:Later"])),
    ]

    /// Compares busy times with expected ISO 8601 pairs, in order.
    func expect(_ actual: [CalDAVBusyTime], _ expected: [(String, String)], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let wanted = try expected.map { pair in try busy(pair.0, pair.1) }.map { CalDAVBusyTime(start: $0.start, end: $0.end) }
        #expect(actual == wanted, sourceLocation: sourceLocation)
    }

    @Test func busyTimesComeBackExpandedInUTC() async throws {
        try await withRadicale { server in
            let account = try await server.makeCalendar(named: "work")
            for (name, text) in Self.busyTimeEvents { try await client.putEvent(text, named: name, in: account) }

            let busyTimes = try await client.busyTimes(
                in: account, from: try instant("2025-03-03T00:00:00Z"), to: try instant("2025-04-01T00:00:00Z"))
            try expect(
                busyTimes,
                [
                    ("2025-03-03T09:00:00Z", "2025-03-03T10:00:00Z"),  // weekly
                    ("2025-03-04T09:00:00Z", "2025-03-04T10:00:00Z"),  // plain
                    ("2025-03-05T13:00:00Z", "2025-03-05T14:30:00Z"),  // Berlin, CET
                    ("2025-03-06T00:00:00Z", "2025-03-07T00:00:00Z"),  // all day
                    ("2025-03-10T09:00:00Z", "2025-03-10T10:00:00Z"),  // weekly
                    ("2025-03-24T09:00:00Z", "2025-03-24T10:00:00Z"),  // weekly (03-17 excluded)
                    ("2025-03-31T08:00:00Z", "2025-03-31T09:00:00Z"),  // weekly, CEST
                ])

            // A window inside the Berlin event returns the whole event, unclipped; nothing else touches it.
            let inside = try await client.busyTimes(in: account, from: try instant("2025-03-05T13:30:00Z"), to: try instant("2025-03-05T14:00:00Z"))
            try expect(inside, [("2025-03-05T13:00:00Z", "2025-03-05T14:30:00Z")])

            // Ends are exclusive: a window starting when the weekly instance ends does not see it.
            let after = try await client.busyTimes(in: account, from: try instant("2025-03-10T10:00:00Z"), to: try instant("2025-03-10T12:00:00Z"))
            #expect(after.isEmpty)
        }
    }

    @Test func verifyAcceptsOnlyCalendarsAndRightCredentials() async throws {
        try await withRadicale { server in
            let account = try await server.makeCalendar(named: "checked")
            try await client.verify(account)

            // Without the trailing slash too.
            try await client.verify(try server.account(path: "/\(server.username)/checked"))

            await #expect(throws: CalDAVError.unauthorized) {
                try await client.verify(try server.account(path: "/\(server.username)/checked/", password: "wrong"))
            }
            await #expect(throws: CalDAVError.notACalendar) {
                try await client.verify(try server.account(path: "/\(server.username)/"))
            }
            await #expect(throws: CalDAVError.unexpectedStatus(404)) {
                try await client.verify(try server.account(path: "/\(server.username)/missing/"))
            }
            await #expect(throws: CalDAVError.unauthorized) {
                try await client.busyTimes(
                    in: try server.account(path: "/\(server.username)/checked/", password: "wrong"), from: Date(timeIntervalSince1970: 0),
                    to: Date())
            }
        }
    }

    @Test func putReplaceAndDeleteAnEvent() async throws {
        try await withRadicale { server in
            _ = try await server.makeCalendar(named: "interviews")
            // No trailing slash on the calendar URL, and a resource name that needs percent-encoding.
            let account = try server.account(path: "/\(server.username)/interviews")
            let name = "slot 42@parley ü"
            let summary = "Interview: Doe, Jane"
            let original = Self.event(
                "slot-42@parley", ["DTSTART:20250304T090000Z", "DTEND:20250304T093000Z", "SUMMARY:Interview: Doe\\, Jane"])
            try await client.putEvent(original, named: name, in: account)

            let objectURL = try #require(CalDAVResourceURL.eventURL(named: name, in: account.calendarURL))
            #expect(objectURL.absoluteString.hasSuffix("/interviews/slot%2042%40parley%20%C3%BC.ics"))
            let stored = try await server.send("GET", to: objectURL)
            #expect(stored.status == 200)
            let event = try await PythonICalendar.firstEvent(of: stored.body)
            #expect(
                event
                    == PythonICalendar.Event(
                        uid: "slot-42@parley", dtstart: "2025-03-04T09:00:00+00:00", dtend: "2025-03-04T09:30:00+00:00", summary: summary))

            let day = (from: try instant("2025-03-04T00:00:00Z"), to: try instant("2025-03-05T00:00:00Z"))
            try expect(try await client.busyTimes(in: account, from: day.from, to: day.to), [("2025-03-04T09:00:00Z", "2025-03-04T09:30:00Z")])

            let moved = Self.event(
                "slot-42@parley", ["DTSTART:20250304T140000Z", "DTEND:20250304T143000Z", "SEQUENCE:1", "SUMMARY:Interview: Doe\\, Jane"])
            try await client.putEvent(moved, named: name, in: account)
            try expect(try await client.busyTimes(in: account, from: day.from, to: day.to), [("2025-03-04T14:00:00Z", "2025-03-04T14:30:00Z")])

            try await client.deleteEvent(named: name, in: account)
            #expect(try await client.busyTimes(in: account, from: day.from, to: day.to).isEmpty)
            #expect(try await server.send("GET", to: objectURL).status == 404)
            try await client.deleteEvent(named: name, in: account)

            await #expect(throws: CalDAVError.unauthorized) {
                try await client.putEvent(moved, named: name, in: try server.account(path: "/\(server.username)/interviews", password: "wrong"))
            }
        }
    }

    @Test func answersLargerThanTheLimitAreRefused() async throws {
        try await withRadicale { server in
            let account = try await server.makeCalendar(named: "big")
            try await client.putEvent(Self.busyTimeEvents[0].1, named: "plain", in: account)
            let small = CalDAVClient(httpClient: .shared, timeout: .seconds(10), maximumResponseBytes: 64)
            await #expect(throws: CalDAVError.malformedResponse("the answer is larger than 64 bytes")) {
                try await small.busyTimes(in: account, from: try instant("2025-03-01T00:00:00Z"), to: try instant("2025-04-01T00:00:00Z"))
            }
            await #expect(throws: CalDAVError.malformedResponse("the answer is larger than 64 bytes")) {
                try await small.verify(account)
            }
        }
    }

    @Test func aServerThatNeverAnswersTimesOut() async throws {
        // Accepts connections and reads requests, but never answers.
        let silent = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        defer { silent.close(promise: nil) }
        let port = try #require(silent.localAddress?.port)
        let account = CalDAVAccount(calendarURL: try #require(URL(string: "http://127.0.0.1:\(port)/cal/")), username: "u", password: "p")
        let impatient = CalDAVClient(httpClient: .shared, timeout: .milliseconds(300))
        await #expect(throws: HTTPClientError.deadlineExceeded) {
            try await impatient.verify(account)
        }
    }
}
