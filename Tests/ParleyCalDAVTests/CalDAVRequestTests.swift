import Foundation
import Testing

@testable import ParleyCalDAV

/// Event addresses and request bodies.
@Suite struct CalDAVRequestTests {
    @Test(arguments: ["https://dav.example.com/u/work", "https://dav.example.com/u/work/"])
    func eventURLHasOneSlashWithOrWithoutTrailingSlash(calendar: String) throws {
        let url = try #require(URL(string: calendar))
        #expect(CalDAVResourceURL.eventURL(named: "slot-42", in: url)?.absoluteString == "https://dav.example.com/u/work/slot-42.ics")
    }

    @Test func resourceNamesArePercentEncodedIntoOneSegment() throws {
        let url = try #require(URL(string: "https://dav.example.com/u/my%20cal?x=1"))
        let event = CalDAVResourceURL.eventURL(named: "a b/c?d#e%f@ü~._-Z9", in: url)
        #expect(event?.absoluteString == "https://dav.example.com/u/my%20cal/a%20b%2Fc%3Fd%23e%25f%40%C3%BC~._-Z9.ics")
    }

    @Test func redactedURLsCarryNoPassword() throws {
        let url = try #require(URL(string: "https://alice:hunter2@dav.example.com/cal/"))
        #expect(CalDAVResourceURL.redacted(url) == "https://dav.example.com/cal/")
        let account = CalDAVAccount(calendarURL: url, username: "alice", password: "hunter2")
        #expect(!account.description.contains("hunter2"))
    }

    @Test func timestampsAreUTCAndNeverShrinkTheRange() throws {
        let date = try instant("2025-03-04T09:05:07Z").addingTimeInterval(0.25)
        #expect(CalDAVRequestBody.utcTimestamp(date, roundingUp: false) == "20250304T090507Z")
        #expect(CalDAVRequestBody.utcTimestamp(date, roundingUp: true) == "20250304T090508Z")
        let body = CalDAVRequestBody.eventsQuery(from: try instant("2025-03-01T00:00:00Z"), to: try instant("2025-04-01T00:00:00Z"))
        #expect(body.contains("<C:expand start=\"20250301T000000Z\" end=\"20250401T000000Z\"/>"))
        #expect(body.contains("<C:time-range start=\"20250301T000000Z\" end=\"20250401T000000Z\"/>"))
    }

    @Test func basicAuthorizationEncodesUTF8() {
        let account = CalDAVAccount(calendarURL: URL(fileURLWithPath: "/"), username: "zoë", password: "a:b")
        #expect(CalDAVClient.basicAuthorization(for: account) == "Basic em/DqzphOmI=")
    }
}
