package import Foundation
package import ParleyCore
import SQLKit

/// API keys: created, listed masked, revoked, and checked on every request. Only a hash of a key is stored.
package struct APIKeyRepository: Sendable {
    private let database: Database

    package init(database: Database) {
        self.database = database
    }

    /// A new key and its one-time secret.
    package struct Created: Sendable {
        package var key: APIKey
        package var secret: String
    }

    /// Creates a key for an existing organization; `nil` when there is no such organization.
    package func create(
        organizationID: Organization.ID,
        name: String,
        expiresInDays: Int?,
        ids: IDGenerator,
        at now: Date,
        random: inout some RandomNumberGenerator & Sendable
    ) async throws -> Created? {
        try APIKey.validate(name: name, expiresInDays: expiresInDays)
        let material = APIKeyMaterial.generate(using: &random)
        let key = APIKey(
            id: ids.next(), organizationID: organizationID, name: name, prefix: material.prefix, lastFour: material.lastFour,
            createdAt: now, expiresAt: expiresInDays.map { now.addingTimeInterval(TimeInterval($0) * 86_400) }, revokedAt: nil
        )
        let inserted = try await database.transaction { sql in
            let organization = try await sql.select().column("id").from("organizations")
                .where("id", .equal, SQLBind(organizationID.uuidString)).first()
            guard organization != nil else { return false }
            try await Self.insert(key, hash: material.hash, on: sql)
            return true
        }
        return inserted ? Created(key: key, secret: material.secret) : nil
    }

    static func insert(_ key: APIKey, hash: String, on sql: any SQLDatabase) async throws {
        try await sql.insert(into: "api_keys")
            .columns("id", "organization_id", "name", "prefix", "key_hash", "last_four", "created_at", "expires_at", "revoked_at")
            .values(
                SQLBind(key.id.uuidString), SQLBind(key.organizationID.uuidString), SQLBind(key.name), SQLBind(key.prefix),
                SQLBind(hash), SQLBind(key.lastFour), SQLBind(key.createdAt.millisecondsSince1970),
                SQLBind(key.expiresAt?.millisecondsSince1970), SQLBind(key.revokedAt?.millisecondsSince1970)
            )
            .run()
    }

    /// Whether `presented` is a usable key of `organizationID` at `now`: known, matching its hash, of that
    /// organization, not expired and not revoked.
    ///
    /// A key looked up within the last few seconds is answered from ``Database/recentAPIKeys`` without a
    /// database round trip; see ``RecentAPIKeys`` for how soon another process's revocation is seen.
    package func authenticate(presented: String, organizationID: Organization.ID, at now: Date) async throws -> Bool {
        guard let prefix = APIKeyMaterial.prefix(of: presented) else { return false }
        let hash = APIKeyMaterial.hash(presented)
        let recent = database.recentAPIKeys
        if let key = recent.key(hash: hash, at: now) {
            return key.organizationID == organizationID && key.isUsable(at: now)
        }
        let mark = recent.mark
        let stored = try await database.read { sql in
            try await sql.select().columns("*").from("api_keys").where("prefix", .equal, SQLBind(prefix)).first()
        }
        guard let stored, APIKeyMaterial.hashesMatch(try stored.decode(column: "key_hash", as: String.self), hash) else { return false }
        let key = try Self.key(from: stored)
        recent.store(key, hash: hash, at: now, readSince: mark)
        return key.organizationID == organizationID && key.isUsable(at: now)
    }

    /// The organization's keys, newest first.
    package func list(organizationID: Organization.ID) async throws -> [APIKey] {
        try await database.read { sql in
            try await sql.select().columns("*").from("api_keys")
                .where("organization_id", .equal, SQLBind(organizationID.uuidString))
                .orderBy("created_at", .descending)
                .all()
                .map(Self.key(from:))
        }
    }

    /// Revokes the organization's key with this prefix; returns it, or `nil` when the organization has no such key.
    /// Revoking a revoked key keeps its first revocation time.
    package func revoke(organizationID: Organization.ID, prefix: String, at now: Date) async throws -> APIKey? {
        defer { database.recentAPIKeys.forget(prefix: prefix) }
        return try await database.transaction { sql in
            try await sql.update("api_keys")
                .set("revoked_at", to: SQLBind(now.millisecondsSince1970))
                .where("organization_id", .equal, SQLBind(organizationID.uuidString))
                .where("prefix", .equal, SQLBind(prefix))
                .where("revoked_at", .is, SQLLiteral.null)
                .run()
            return try await sql.select().columns("*").from("api_keys")
                .where("organization_id", .equal, SQLBind(organizationID.uuidString))
                .where("prefix", .equal, SQLBind(prefix))
                .first()
                .map(Self.key(from:))
        }
    }

    private static func key(from row: any SQLRow) throws -> APIKey {
        guard
            let id = APIKey.ID(uuidString: try row.decode(column: "id", as: String.self)),
            let organizationID = Organization.ID(uuidString: try row.decode(column: "organization_id", as: String.self))
        else { throw StoreError.corruptRow("api_keys") }
        return APIKey(
            id: id,
            organizationID: organizationID,
            name: try row.decode(column: "name", as: String.self),
            prefix: try row.decode(column: "prefix", as: String.self),
            lastFour: try row.decode(column: "last_four", as: String.self),
            createdAt: Date(millisecondsSince1970: try row.decode(column: "created_at", as: Int64.self)),
            expiresAt: try row.decode(column: "expires_at", as: Int64?.self).map(Date.init(millisecondsSince1970:)),
            revokedAt: try row.decode(column: "revoked_at", as: Int64?.self).map(Date.init(millisecondsSince1970:))
        )
    }
}
