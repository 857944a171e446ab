import Foundation
package import ParleyCore
import SQLKit

/// Agents: one per distinct name and tone in an organization, created on first use.
package struct AgentRepository: Sendable {
    private let database: Database

    package init(database: Database) {
        self.database = database
    }

    /// The organization's agents, newest first.
    package func list(organizationID: Organization.ID) async throws -> [Agent] {
        try await database.read { sql in
            try await sql.select().columns("*").from("agents")
                .where("organization_id", .equal, SQLBind(organizationID.uuidString))
                .orderBy("created_at", .descending)
                .orderBy("id", .descending)
                .all()
                .map(Self.agent(from:))
        }
    }

    /// The agent of this organization with this id.
    static func find(_ id: Agent.ID, organizationID: Organization.ID, on sql: any SQLDatabase) async throws -> Agent? {
        try await sql.select().columns("*").from("agents")
            .where("id", .equal, SQLBind(id.uuidString))
            .where("organization_id", .equal, SQLBind(organizationID.uuidString))
            .first()
            .map(agent(from:))
    }

    /// The organization's agent with this name and tone, created with `newID` if it does not exist yet.
    static func findOrCreate(
        organizationID: Organization.ID,
        name: String,
        tone: AgentTone,
        newID: Agent.ID,
        at now: Date,
        on sql: any SQLDatabase
    ) async throws -> Agent {
        let existing = try await sql.select().columns("*").from("agents")
            .where("organization_id", .equal, SQLBind(organizationID.uuidString))
            .where("name", .equal, SQLBind(name))
            .where("tone", .equal, SQLBind(tone.rawValue))
            .first()
        if let existing { return try agent(from: existing) }
        let agent = Agent(id: newID, organizationID: organizationID, name: name, tone: tone, createdAt: now)
        try await sql.insert(into: "agents")
            .columns("id", "organization_id", "name", "tone", "created_at")
            .values(
                SQLBind(agent.id.uuidString), SQLBind(organizationID.uuidString), SQLBind(name), SQLBind(tone.rawValue),
                SQLBind(now.millisecondsSince1970)
            )
            .run()
        return agent
    }

    private static func agent(from row: any SQLRow) throws -> Agent {
        guard
            let id = Agent.ID(uuidString: try row.decode(column: "id", as: String.self)),
            let organizationID = Organization.ID(uuidString: try row.decode(column: "organization_id", as: String.self)),
            let tone = AgentTone(rawValue: try row.decode(column: "tone", as: String.self))
        else { throw StoreError.corruptRow("agents") }
        return Agent(
            id: id,
            organizationID: organizationID,
            name: try row.decode(column: "name", as: String.self),
            tone: tone,
            createdAt: Date(millisecondsSince1970: try row.decode(column: "created_at", as: Int64.self))
        )
    }
}
