package import Foundation

/// What Parley keeps of an API key: never the key itself, only its public prefix, its last four characters
/// for display, and (in storage) a SHA-256 hash.
package struct APIKey: Sendable, Equatable {
    package typealias ID = Identifier<APIKey>

    /// The derived state of a key, as the developer portal shows it.
    package enum Status: String, Sendable, CaseIterable {
        case active = "ACTIVE"
        case expiresSoon = "EXPIRES_SOON"
        case expired = "EXPIRED"
        case revoked = "REVOKED"
    }

    package var id: ID
    package var organizationID: Organization.ID
    package var name: String
    /// The readable, unique start of the key (`prly_1a2b3c4d`); identifies it in lists and revocation.
    package var prefix: String
    /// The key's last four characters, for the masked form.
    package var lastFour: String
    package var createdAt: Date
    package var expiresAt: Date?
    package var revokedAt: Date?

    package init(
        id: ID,
        organizationID: Organization.ID,
        name: String,
        prefix: String,
        lastFour: String,
        createdAt: Date,
        expiresAt: Date?,
        revokedAt: Date?
    ) {
        self.id = id
        self.organizationID = organizationID
        self.name = name
        self.prefix = prefix
        self.lastFour = lastFour
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }

    /// A key expiring within this many seconds is reported as `EXPIRES_SOON`.
    package static let expiresSoonWindow: TimeInterval = 7 * 24 * 3600

    /// The key's state at `now`.
    package func status(at now: Date) -> Status {
        if revokedAt != nil { return .revoked }
        guard let expiresAt else { return .active }
        if expiresAt <= now { return .expired }
        return expiresAt.timeIntervalSince(now) <= Self.expiresSoonWindow ? .expiresSoon : .active
    }

    /// Whether the key authenticates requests at `now`.
    package func isUsable(at now: Date) -> Bool {
        switch status(at: now) {
        case .active, .expiresSoon: true
        case .expired, .revoked: false
        }
    }

    /// The form shown after creation: prefix, an ellipsis, and the last four characters.
    package var masked: String { "\(prefix)_…\(lastFour)" }

    /// Checks a new key's name and lifetime.
    package static func validate(name: String, expiresInDays: Int?) throws(ValidationError) {
        var validator = Validator()
        validator.requiredText(name, "name", .name)
        if let expiresInDays {
            validator.check((1...3650).contains(expiresInDays), "expiresInDays", "must be between 1 and 3650")
        }
        try validator.finish()
    }
}
