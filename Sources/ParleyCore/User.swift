package import Foundation

/// A person of an organization who signs in to the dashboard with an email address and a password.
package struct User: Sendable, Equatable {
    package typealias ID = Identifier<User>

    package var id: ID
    package var organizationID: Organization.ID
    /// Lowercased; unique across the server, since it is what a person signs in with.
    package var email: String
    package var createdAt: Date

    package init(id: ID, organizationID: Organization.ID, email: String, createdAt: Date) {
        self.id = id
        self.organizationID = organizationID
        self.email = email
        self.createdAt = createdAt
    }

    /// How long a password must be, in characters: long enough to resist guessing, short enough to hash quickly.
    package static let passwordLength = 10...200
}
