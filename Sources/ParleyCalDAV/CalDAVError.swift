/// What can go wrong talking to a CalDAV server, beyond transport errors (which are thrown as they come).
package enum CalDAVError: Error, Sendable, Equatable {
    /// The server refused the credentials (HTTP 401) or the user's access to the resource (HTTP 403).
    case unauthorized
    /// The URL names a resource that exists but is not a calendar collection.
    case notACalendar
    /// The server answered with a status this operation does not expect.
    case unexpectedStatus(Int)
    /// The server's answer could not be read: not XML, too large, or missing what it must hold. The text says what,
    /// and never holds credentials.
    case malformedResponse(String)
}
