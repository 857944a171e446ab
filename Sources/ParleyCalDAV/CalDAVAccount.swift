package import Foundation

/// A CalDAV calendar collection and the credentials to use it (HTTP Basic).
///
/// The password is kept out of ``description`` so an account can be interpolated into log lines and error messages
/// without leaking it.
package struct CalDAVAccount: Sendable, Hashable, CustomStringConvertible {
    /// The calendar collection, e.g. `https://dav.example.com/alice/work/`; with or without a trailing `/`.
    package var calendarURL: URL
    /// The user name sent with HTTP Basic authentication.
    package var username: String
    /// The password sent with HTTP Basic authentication.
    package var password: String

    /// Creates an account for the calendar at `calendarURL`, reached as `username` with `password`.
    package init(calendarURL: URL, username: String, password: String) {
        self.calendarURL = calendarURL
        self.username = username
        self.password = password
    }

    /// The calendar's address without any user info, and the user name; never the password.
    package var description: String {
        "CalDAVAccount(\(CalDAVResourceURL.redacted(calendarURL)), username: \(username))"
    }
}
