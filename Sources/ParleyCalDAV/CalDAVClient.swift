package import AsyncHTTPClient
package import Foundation
package import NIOCore
import NIOHTTP1
import NIOPosix

/// Talks CalDAV (RFC 4791) to one server over a shared `HTTPClient`: checks that a URL is a calendar, reads busy
/// times, and writes and removes event objects. Every request carries HTTP Basic credentials and must finish, body
/// included, within ``timeout``. Nothing is logged.
package struct CalDAVClient: Sendable {
    /// The HTTP client requests go through; its owner shuts it down.
    let httpClient: HTTPClient
    /// How long one request may take, from sending it to having read all of the answer.
    let timeout: TimeAmount
    /// The largest answer body read; a larger one is refused with ``CalDAVError/malformedResponse(_:)``.
    let maximumResponseBytes: Int

    /// The default for ``maximumResponseBytes``: 8 MiB.
    static let defaultMaximumResponseBytes = 8 * 1024 * 1024

    /// An HTTP client for calendar servers that never follows redirects (a calendar must not send Parley's
    /// requests, credentials included, somewhere else). It lives as long as the process.
    package static let redirectFreeHTTPClient = HTTPClient(
        eventLoopGroupProvider: .shared(MultiThreadedEventLoopGroup.singleton),
        configuration: HTTPClient.Configuration(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(5)))
    )

    /// Creates a client that sends its requests through `httpClient`, each limited to `timeout`.
    package init(httpClient: HTTPClient, timeout: TimeAmount = .seconds(10)) {
        self.init(httpClient: httpClient, timeout: timeout, maximumResponseBytes: Self.defaultMaximumResponseBytes)
    }

    /// Creates a client with a chosen limit on answer bodies (tests use small ones).
    init(httpClient: HTTPClient, timeout: TimeAmount, maximumResponseBytes: Int) {
        self.httpClient = httpClient
        self.timeout = timeout
        self.maximumResponseBytes = maximumResponseBytes
    }

    /// PROPFIND Depth 0 on the calendar URL; succeeds only if the resource is a calendar collection (its
    /// `DAV:resourcetype` holds CalDAV's `calendar`). Throws ``CalDAVError/unauthorized`` (401/403),
    /// ``CalDAVError/notACalendar``, ``CalDAVError/unexpectedStatus(_:)``, ``CalDAVError/malformedResponse(_:)``, or
    /// transport errors.
    package func verify(_ account: CalDAVAccount) async throws {
        let response = try await send(
            .RAW(value: "PROPFIND"), to: account.calendarURL, as: account, headers: Self.xmlHeaders(depth: "0"),
            body: CalDAVRequestBody.resourceTypePropfind)
        let multistatus = try Self.multistatus(from: response)
        guard multistatus.responses.contains(where: { $0.resourceTypes.contains(.calendar) }) else { throw CalDAVError.notACalendar }
    }

    /// Busy times overlapping [from, to), sorted by start (then end), not clipped to the range.
    ///
    /// Sends a calendar-query REPORT (Depth 1) for VEVENTs in the range and asks for their calendar data with
    /// `C:expand` over the same range, so a recurring event comes back as one VEVENT per instance. Each VEVENT is read
    /// by ``ICalendarBusyParser`` (which documents how times, all-day events, transparent and cancelled events are
    /// treated); busy times that do not overlap the range (e.g. from a server that does not expand) are dropped.
    /// An empty or reversed range asks nothing and returns no busy times. Throws as ``verify(_:)`` does, except
    /// ``CalDAVError/notACalendar``.
    package func busyTimes(in account: CalDAVAccount, from: Date, to: Date) async throws -> [CalDAVBusyTime] {
        guard from < to else { return [] }
        let response = try await send(
            .RAW(value: "REPORT"), to: account.calendarURL, as: account, headers: Self.xmlHeaders(depth: "1"),
            body: CalDAVRequestBody.eventsQuery(from: from, to: to))
        let multistatus = try Self.multistatus(from: response)
        let busyTimes = multistatus.responses.flatMap(\.calendarData).flatMap(ICalendarBusyParser.busyTimes(in:))
        return busyTimes.filter { $0.overlaps(from: from, to: to) }.sorted { ($0.start, $0.end) < ($1.start, $1.end) }
    }

    /// PUT `{calendarURL}/{resourceName}.ics` with `Content-Type: text/calendar; charset=utf-8`: creates or
    /// replaces the event object. `resourceName` is percent-encoded (all but `A-Z a-z 0-9 - . _ ~`), so any
    /// name stays one path segment. 200, 201 and 204 are success; throws ``CalDAVError/unauthorized`` (401/403),
    /// ``CalDAVError/unexpectedStatus(_:)`` or transport errors.
    package func putEvent(_ iCalendar: String, named resourceName: String, in account: CalDAVAccount) async throws {
        let url = try Self.eventURL(named: resourceName, in: account)
        let response = try await send(
            .PUT, to: url, as: account, headers: [("Content-Type", "text/calendar; charset=utf-8")], body: iCalendar)
        switch response.status {
        case 200, 201, 204: return
        case 401, 403: throw CalDAVError.unauthorized
        default: throw CalDAVError.unexpectedStatus(response.status)
        }
    }

    /// DELETE `{calendarURL}/{resourceName}.ics` (the name encoded as for ``putEvent(_:named:in:)``). Any 2xx
    /// status, and 404 and 410 (already gone), are success; throws ``CalDAVError/unauthorized`` (401/403),
    /// ``CalDAVError/unexpectedStatus(_:)`` or transport errors.
    package func deleteEvent(named resourceName: String, in account: CalDAVAccount) async throws {
        let url = try Self.eventURL(named: resourceName, in: account)
        let response = try await send(.DELETE, to: url, as: account)
        switch response.status {
        case 200..<300, 404, 410: return
        case 401, 403: throw CalDAVError.unauthorized
        default: throw CalDAVError.unexpectedStatus(response.status)
        }
    }

    /// The headers of an XML request with the given `Depth`.
    private static func xmlHeaders(depth: String) -> [(String, String)] {
        [("Content-Type", "application/xml; charset=utf-8"), ("Depth", depth)]
    }

    /// The event object's URL; throws `HTTPClientError.invalidURL` if the calendar URL cannot be taken apart.
    private static func eventURL(named resourceName: String, in account: CalDAVAccount) throws -> URL {
        guard let url = CalDAVResourceURL.eventURL(named: resourceName, in: account.calendarURL) else { throw HTTPClientError.invalidURL }
        return url
    }

    /// The multistatus of a 207 answer; throws ``CalDAVError/unauthorized`` for 401/403 and
    /// ``CalDAVError/unexpectedStatus(_:)`` for anything else.
    private static func multistatus(from response: CalDAVHTTPResponse) throws -> CalDAVMultistatus {
        switch response.status {
        case 207: return try CalDAVMultistatus(parsing: Data(response.body.readableBytesView))
        case 401, 403: throw CalDAVError.unauthorized
        default: throw CalDAVError.unexpectedStatus(response.status)
        }
    }
}
