package import Foundation
package import ParleyCore
package import SQLKit

/// Organizations, and the provisioning of a new one with everything it starts with.
package struct OrganizationRepository: Sendable {
    private let database: Database

    package init(database: Database) {
        self.database = database
    }

    /// What creating an organization produced; `apiKey` is the only time the secret is seen.
    package struct Provisioned: Sendable {
        package var organization: Organization
        package var apiKey: String
    }

    /// Creates an organization with its first API key, the default agent and the default opening-message
    /// templates, all in one transaction.
    package func create(name: String, ids: IDGenerator, at now: Date, random: inout some RandomNumberGenerator & Sendable) async throws -> Provisioned
    {
        try Organization.validate(name: name)
        let organization = Organization(id: ids.next(), name: name, createdAt: now)
        let material = APIKeyMaterial.generate(using: &random)
        let key = APIKey(
            id: ids.next(), organizationID: organization.id, name: "default", prefix: material.prefix,
            lastFour: material.lastFour, createdAt: now, expiresAt: nil, revokedAt: nil
        )
        let templates = DefaultMessageTemplates.make(for: organization.id, ids: ids, at: now)
        let agentID: Agent.ID = ids.next()
        try await database.transaction { sql in
            try await sql.insert(into: "organizations")
                .columns("id", "name", "created_at")
                .values(SQLBind(organization.id.uuidString), SQLBind(organization.name), SQLBind(now.millisecondsSince1970))
                .run()
            try await APIKeyRepository.insert(key, hash: material.hash, on: sql)
            _ = try await AgentRepository.findOrCreate(
                organizationID: organization.id, name: Agent.defaultName, tone: Agent.defaultTone, newID: agentID, at: now, on: sql
            )
            for template in templates {
                try await MessageTemplateRepository.insert(template, on: sql)
            }
        }
        return Provisioned(organization: organization, apiKey: material.secret)
    }

    /// The organization with this id, if any.
    package func find(_ id: Organization.ID) async throws -> Organization? {
        try await database.read { sql in try await Self.find(id, on: sql) }
    }

    /// The organization with this id, if any, in the caller's transaction.
    package static func find(_ id: Organization.ID, on sql: any SQLDatabase) async throws -> Organization? {
        try await sql.select().columns("id", "name", "created_at").from("organizations")
            .where("id", .equal, SQLBind(id.uuidString))
            .first()
            .map { row in
                Organization(
                    id: id,
                    name: try row.decode(column: "name", as: String.self),
                    createdAt: Date(millisecondsSince1970: try row.decode(column: "created_at", as: Int64.self))
                )
            }
    }

    /// The organization's business hours: its own, or ``BusinessHours/standard`` until it sets them.
    package func businessHours(of id: Organization.ID) async throws -> BusinessHours {
        try await database.read { sql in try await Self.businessHours(of: id, on: sql) }
    }

    /// The organization's business hours, in the caller's transaction.
    package static func businessHours(of id: Organization.ID, on sql: any SQLDatabase) async throws -> BusinessHours {
        let stored = try await sql.select().column("business_hours").from("organizations")
            .where("id", .equal, SQLBind(id.uuidString))
            .first()?.decode(column: "business_hours", as: String?.self)
        guard let stored else { return .standard }
        let record = try JSONDecoder().decode(StoredBusinessHours.self, from: Data(stored.utf8))
        return try BusinessHours(days: record.days, start: record.start, end: record.end)
    }

    /// Replaces the organization's business hours.
    package func setBusinessHours(_ hours: BusinessHours, of id: Organization.ID) async throws {
        let record = StoredBusinessHours(days: hours.dayNamesOpen, start: hours.start, end: hours.end)
        let json = String(decoding: try JSONEncoder().encode(record), as: UTF8.self)
        try await database.transaction { sql in
            try await sql.update("organizations").set("business_hours", to: SQLBind(json)).where("id", .equal, SQLBind(id.uuidString)).run()
        }
    }

    /// Business hours as the `business_hours` column holds them.
    private struct StoredBusinessHours: Codable {
        var days: [String]
        var start: String
        var end: String
    }

    /// Whether any organization exists yet.
    package func isEmpty() async throws -> Bool {
        try await database.read { sql in
            try await sql.select().column("id").from("organizations").limit(1).first() == nil
        }
    }
}
