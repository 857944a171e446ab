package import Foundation

/// A tenant: every other record belongs to exactly one organization.
package struct Organization: Sendable, Equatable {
    package typealias ID = Identifier<Organization>

    package var id: ID
    package var name: String
    package var createdAt: Date

    package init(id: ID, name: String, createdAt: Date) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
    }

    /// Checks a new organization's name.
    package static func validate(name: String) throws(ValidationError) {
        var validator = Validator()
        validator.requiredText(name, "name", .name)
        try validator.finish()
    }
}
