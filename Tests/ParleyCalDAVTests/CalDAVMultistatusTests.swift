import Foundation
import Testing

@testable import ParleyCalDAV

/// Reading multistatus answers whatever prefixes the server picks, with XML escapes resolved.
@Suite struct CalDAVMultistatusTests {
    /// Parses `xml` as a multistatus.
    func parse(_ xml: String) throws -> CalDAVMultistatus {
        try CalDAVMultistatus(parsing: Data(xml.utf8))
    }

    @Test func entitiesAndCharacterReferencesAreUnescaped() throws {
        let xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <d:multistatus xmlns:d="DAV:" xmlns:cal="urn:ietf:params:xml:ns:caldav">
              <d:response><d:href>/cal/a%20b.ics</d:href><d:propstat><d:prop><cal:calendar-data>BEGIN:VCALENDAR&#13;
            BEGIN:VEVENT&#13;&#10;SUMMARY:Q&amp;A &lt;room&gt; &quot;1&quot; &#x2603;&#13;
            DTSTART:20250304T090000Z&#13;
            DTEND:20250304T100000Z&#13;
            END:VEVENT&#13;
            END:VCALENDAR&#13;
            </cal:calendar-data></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>
            </d:multistatus>
            """
        let multistatus = try parse(xml)
        #expect(multistatus.responses.count == 1)
        #expect(multistatus.responses.first?.href == "/cal/a%20b.ics")
        let data = try #require(multistatus.responses.first?.calendarData.first)
        #expect(data.hasPrefix("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Q&A <room> \"1\" ☃\r\n"))
        let expected = try busy("2025-03-04T09:00:00Z", "2025-03-04T10:00:00Z")
        #expect(ICalendarBusyParser.busyTimes(in: data) == [CalDAVBusyTime(start: expected.start, end: expected.end)])
    }

    @Test func defaultNamespaceAndCDATAReadTheSame() throws {
        let xml = """
            <multistatus xmlns="DAV:"><response><href>/x/</href><propstat><prop>
            <C:calendar-data xmlns:C="urn:ietf:params:xml:ns:caldav"><![CDATA[BEGIN:VEVENT
            SUMMARY:<b>&amp;</b>
            END:VEVENT
            ]]></C:calendar-data>
            <resourcetype><collection/><calendar xmlns="urn:ietf:params:xml:ns:caldav"/></resourcetype>
            </prop><status>HTTP/1.1 200 OK</status></propstat></response></multistatus>
            """
        let response = try #require(try parse(xml).responses.first)
        #expect(response.calendarData == ["BEGIN:VEVENT\nSUMMARY:<b>&amp;</b>\nEND:VEVENT\n"])
        #expect(response.resourceTypes == [.collection, .calendar])
    }

    @Test func resourceTypesAreMatchedByNamespaceNotPrefix() throws {
        // `C:calendar` bound to DAV: is not CalDAV's calendar; `x:calendar` bound to CalDAV is.
        let notCalendar = """
            <D:multistatus xmlns:D="DAV:" xmlns:C="DAV:"><D:response><D:href>/a/</D:href><D:propstat><D:prop>
            <D:resourcetype><D:collection/><C:calendar/></D:resourcetype></D:prop><D:status>HTTP/1.1 200 OK</D:status>
            </D:propstat></D:response></D:multistatus>
            """
        let calendar = """
            <D:multistatus xmlns:D="DAV:"><D:response><D:href>/a/</D:href><D:propstat><D:prop>
            <D:resourcetype><D:collection/><x:calendar xmlns:x="urn:ietf:params:xml:ns:caldav"/></D:resourcetype></D:prop>
            <D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response></D:multistatus>
            """
        #expect(try parse(notCalendar).responses.first?.resourceTypes.contains(.calendar) == false)
        #expect(try parse(calendar).responses.first?.resourceTypes.contains(.calendar) == true)
    }

    @Test func failedPropstatsAreIgnored() throws {
        let xml = """
            <D:multistatus xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:response><D:href>/a/</D:href>
            <D:propstat><D:prop><C:calendar-data>BEGIN:VEVENT</C:calendar-data></D:prop>
            <D:status>HTTP/1.1 404 Not Found</D:status></D:propstat>
            <D:propstat><D:prop><D:resourcetype><D:collection/></D:resourcetype></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>
            </D:response></D:multistatus>
            """
        let response = try #require(try parse(xml).responses.first)
        #expect(response.calendarData.isEmpty)
        #expect(response.resourceTypes == [.collection])
    }

    @Test func notAMultistatusIsMalformed() {
        #expect(throws: CalDAVError.malformedResponse("the answer is not a DAV:multistatus")) {
            try parse("<multistatus xmlns=\"urn:other\"/>")
        }
        #expect(throws: CalDAVError.malformedResponse("multistatus ends before its root element is closed")) {
            try parse("<D:multistatus xmlns:D=\"DAV:\"><D:response>")
        }
        #expect(throws: CalDAVError.self) { try parse("not xml at all") }
    }
}
