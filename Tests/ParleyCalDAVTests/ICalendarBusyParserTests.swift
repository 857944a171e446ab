import Foundation
import Testing

@testable import ParleyCalDAV

/// The iCalendar side of busy times, without a server.
@Suite struct ICalendarBusyParserTests {
    /// `eventLines` wrapped in one VEVENT (with a UID) in one VCALENDAR, lines joined by `separator`.
    func calendar(_ eventLines: [String], separator: String = "\r\n") -> String {
        (["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Parley//Tests//EN", "BEGIN:VEVENT", "UID:test@parley"] + eventLines
            + ["END:VEVENT", "END:VCALENDAR", ""]).joined(separator: separator)
    }

    /// The busy times of `text` as (start, end) pairs, for comparison.
    func intervals(_ text: String) -> [(Date, Date)] {
        ICalendarBusyParser.busyTimes(in: text).map { ($0.start, $0.end) }
    }

    /// Compares busy times with expected ISO 8601 pairs.
    func expectIntervals(_ text: String, _ expected: [(String, String)], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let actual = intervals(text)
        let wanted = try expected.map { try busy($0.0, $0.1) }
        #expect(actual.count == wanted.count, "got \(actual)", sourceLocation: sourceLocation)
        for (got, want) in zip(actual, wanted) {
            #expect(got.0 == want.start && got.1 == want.end, "got \(got), want \(want)", sourceLocation: sourceLocation)
        }
    }

    @Test func utcStartAndEnd() throws {
        try expectIntervals(calendar(["DTSTART:20250304T090000Z", "DTEND:20250304T100000Z"]), [("2025-03-04T09:00:00Z", "2025-03-04T10:00:00Z")])
    }

    @Test(arguments: ["\r\n", "\n"])
    func foldedLinesAreUnfolded(separator: String) throws {
        // DTSTART folded mid-name with a space, DTEND folded mid-value with a tab, SUMMARY folded twice.
        let text = calendar(
            ["DTST", " ART:20250304T09", "\t0000Z", "DTEND:2025030", " 4T100000Z", "SUMMARY:A long", "  summary", " text"], separator: separator)
        try expectIntervals(text, [("2025-03-04T09:00:00Z", "2025-03-04T10:00:00Z")])
        let lines = ICalendarContentLine.unfoldedLines(of: text)
        #expect(lines.contains("DTSTART:20250304T090000Z"))
        #expect(lines.contains("SUMMARY:A long summarytext"))
    }

    @Test func unfoldingKeepsLonelyCarriageReturnsAsLineEnds() {
        #expect(ICalendarContentLine.unfoldedLines(of: "A:1\rB:2\r\n C\n\nD:4") == ["A:1", "B:2C", "D:4"])
    }

    @Test func tzidIsResolvedWithItsDaylightSavingOffset() throws {
        // Winter (CET, +01:00) and summer (CEST, +02:00) in Berlin; quoted and vendor-prefixed TZIDs.
        let text = [
            calendar(["DTSTART;TZID=Europe/Berlin:20250305T140000", "DTEND;TZID=Europe/Berlin:20250305T153000"]),
            calendar(["DTSTART;TZID=\"Europe/Berlin\":20250705T140000", "DTEND;TZID=\"Europe/Berlin\":20250705T150000"]),
            calendar(["DTSTART;TZID=/mozilla.org/20050126_1/America/New_York:20250110T090000", "DURATION:PT1H"]),
        ].joined()
        try expectIntervals(
            text,
            [
                ("2025-03-05T13:00:00Z", "2025-03-05T14:30:00Z"), ("2025-07-05T12:00:00Z", "2025-07-05T13:00:00Z"),
                ("2025-01-10T14:00:00Z", "2025-01-10T15:00:00Z"),
            ])
    }

    @Test func unknownTzidAndFloatingTimesAreReadAsUTC() throws {
        let text = [
            calendar(["DTSTART;TZID=Mars/Olympus_Mons:20250305T140000", "DTEND;TZID=Mars/Olympus_Mons:20250305T150000"]),
            calendar(["DTSTART:20250306T080000", "DTEND:20250306T083000"]),
        ].joined()
        try expectIntervals(text, [("2025-03-05T14:00:00Z", "2025-03-05T15:00:00Z"), ("2025-03-06T08:00:00Z", "2025-03-06T08:30:00Z")])
    }

    @Test func allDayEventsAreWholeUTCDays() throws {
        let text = [
            calendar(["DTSTART;VALUE=DATE:20250306", "DTEND;VALUE=DATE:20250308"]),
            calendar(["DTSTART;VALUE=DATE:20250310"]),
            calendar(["DTSTART:20250312"]),
            calendar(["DTSTART;VALUE=DATE:20250314", "DURATION:P2D"]),
        ].joined()
        try expectIntervals(
            text,
            [
                ("2025-03-06T00:00:00Z", "2025-03-08T00:00:00Z"), ("2025-03-10T00:00:00Z", "2025-03-11T00:00:00Z"),
                ("2025-03-12T00:00:00Z", "2025-03-13T00:00:00Z"), ("2025-03-14T00:00:00Z", "2025-03-16T00:00:00Z"),
            ])
    }

    @Test func durationsAddExactTimeAndNominalDays() throws {
        let text = [
            calendar(["DTSTART:20250304T090000Z", "DURATION:PT1H30M"]),
            calendar(["DTSTART:20250304T120000Z", "DURATION:P1W"]),
            // Berlin moves to summer time on 2025-03-30: one nominal day from noon to noon is 23 hours.
            calendar(["DTSTART;TZID=Europe/Berlin:20250329T120000", "DURATION:P1D"]),
            calendar(["DTSTART:20250304T090000Z", "DURATION:P1DT2H3M4S"]),
        ].joined()
        try expectIntervals(
            text,
            [
                ("2025-03-04T09:00:00Z", "2025-03-04T10:30:00Z"), ("2025-03-04T12:00:00Z", "2025-03-11T12:00:00Z"),
                ("2025-03-29T11:00:00Z", "2025-03-30T10:00:00Z"), ("2025-03-04T09:00:00Z", "2025-03-05T11:03:04Z"),
            ])
    }

    @Test func durationParsing() {
        #expect(ICalendarDuration("PT15M") == ICalendarDuration(days: 0, seconds: 900))
        #expect(ICalendarDuration("+P2W") == ICalendarDuration(days: 14, seconds: 0))
        #expect(ICalendarDuration("-P1DT1H") == ICalendarDuration(days: -1, seconds: -3600))
        for invalid in ["", "P", "PT", "1H", "PT1D", "P1H", "PT1", "P1DT", "PT9999999999H", "PTHM"] {
            #expect(ICalendarDuration(invalid) == nil, "\(invalid) is not a duration")
        }
    }

    @Test func eventsThatTakeNoTimeAreSkipped() throws {
        let text = [
            calendar(["DTSTART:20250304T090000Z", "DTEND:20250304T100000Z", "TRANSP:TRANSPARENT"]),
            calendar(["DTSTART:20250304T090000Z", "DTEND:20250304T100000Z", "STATUS:cancelled"]),
            calendar(["DTSTART:20250304T090000Z"]),
            calendar(["DTSTART:20250304T090000Z", "DTEND:20250304T090000Z"]),
            calendar(["DTSTART:20250304T090000Z", "DURATION:-PT1H"]),
            calendar(["DTEND:20250304T090000Z"]),
            calendar(["DTSTART:2025-03-04", "DTEND:20250304T090000Z"]),
            calendar(["DTSTART:20250304T110000Z", "DTEND:20250304T120000Z", "TRANSP:OPAQUE", "STATUS:CONFIRMED"]),
        ].joined()
        try expectIntervals(text, [("2025-03-04T11:00:00Z", "2025-03-04T12:00:00Z")])
    }

    @Test func onlyTheEventsOwnPropertiesCount() throws {
        // VTIMEZONE's DTSTART and a nested component's DTSTART/DTEND must not be taken for the event's.
        let text = """
            BEGIN:VCALENDAR\r
            BEGIN:VTIMEZONE\r
            TZID:Europe/Berlin\r
            BEGIN:STANDARD\r
            DTSTART:19701025T030000\r
            END:STANDARD\r
            END:VTIMEZONE\r
            BEGIN:VEVENT\r
            BEGIN:VALARM\r
            TRIGGER:-PT15M\r
            DTSTART:20000101T000000Z\r
            DTEND:20000102T000000Z\r
            END:VALARM\r
            DTSTART:20250304T090000Z\r
            DTEND:20250304T100000Z\r
            END:VEVENT\r
            BEGIN:VTODO\r
            DTSTART:20250304T090000Z\r
            DUE:20250304T100000Z\r
            END:VTODO\r
            END:VCALENDAR\r

            """
        try expectIntervals(text, [("2025-03-04T09:00:00Z", "2025-03-04T10:00:00Z")])
    }

    @Test func contentLinesKeepQuotedColonsAndSemicolonsInParameters() throws {
        let line = try #require(ICalendarContentLine("attendee;cn=\"Doe; Jane: HR\";ROLE=REQ-PARTICIPANT:mailto:jane@example.com"))
        #expect(line.name == "ATTENDEE")
        #expect(line.parameters == ["CN": "Doe; Jane: HR", "ROLE": "REQ-PARTICIPANT"])
        #expect(line.value == "mailto:jane@example.com")
        #expect(ICalendarContentLine("NO-COLON-HERE") == nil)
        #expect(ICalendarContentLine(":value") == nil)
    }
}
