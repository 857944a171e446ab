package import Foundation

/// A meeting participant's CalDAV calendar, found by their email address: read for busy times before meeting times
/// are offered, and written with every booking. The password is stored sealed and never shown.
package struct CalendarConnection: Sendable, Equatable {
    package typealias ID = Identifier<CalendarConnection>

    package var id: ID
    package var organizationID: Organization.ID
    /// The participant's email address, lowercased: template participants with it use this calendar.
    package var email: String
    /// The calendar collection's URL.
    package var calendarURL: String
    /// The CalDAV user name.
    package var username: String
    package var createdAt: Date
    package var updatedAt: Date

    package init(
        id: ID, organizationID: Organization.ID, email: String, calendarURL: String, username: String, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.organizationID = organizationID
        self.email = email
        self.calendarURL = calendarURL
        self.username = username
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
