package import Foundation
package import ParleyCore
package import SQLKit

/// Organizations' channel connections, one per channel. Credentials are stored sealed (``SecretBox``) and
/// read back only to talk to the provider.
package struct ChannelConnectionRepository: Sendable {
    private let database: Database

    package init(database: Database) {
        self.database = database
    }

    /// Why a connection cannot be created.
    package enum CreateError: Error, Sendable {
        /// The organization already has a connection for the channel.
        case channelTaken(ChannelConnection.ID)
    }

    /// Creates a connection with its sealed credentials.
    package func create(_ connection: ChannelConnection, sealedCredentials: String) async throws -> ChannelConnection {
        try await database.transaction { sql in
            if let (existing, _) = try await Self.route(organizationID: connection.organizationID, channel: connection.channel, on: sql) {
                throw CreateError.channelTaken(existing.id)
            }
            try await sql.insert(into: "channel_connections")
                .columns(
                    "id", "organization_id", "channel", "provider", "sender", "api_base_url", "credentials", "messages_per_second",
                    "whatsapp_template", "next_send_at", "created_at", "updated_at"
                )
                .values(
                    SQLBind(connection.id.uuidString), SQLBind(connection.organizationID.uuidString), SQLBind(connection.channel.rawValue),
                    SQLBind(connection.provider.rawValue), SQLBind(connection.sender), SQLBind(connection.apiBaseURL),
                    SQLBind(sealedCredentials), SQLBind(connection.messagesPerSecond), SQLBind(try Self.json(connection.whatsAppTemplate)),
                    SQLBind(Int64(0)), SQLBind(connection.createdAt.millisecondsSince1970), SQLBind(connection.updatedAt.millisecondsSince1970)
                )
                .run()
            return connection
        }
    }

    /// The organization's connections, in channel order.
    package func list(organizationID: Organization.ID) async throws -> [ChannelConnection] {
        try await database.read { sql in
            try await sql.select().columns("*").from("channel_connections")
                .where("organization_id", .equal, SQLBind(organizationID.uuidString))
                .orderBy("channel").all().map(Self.connection(from:))
        }
    }

    /// The organization's connection with this id.
    package func find(_ id: ChannelConnection.ID, organizationID: Organization.ID) async throws -> ChannelConnection? {
        try await database.read { sql in
            try await sql.select().columns("*").from("channel_connections")
                .where("id", .equal, SQLBind(id.uuidString)).where("organization_id", .equal, SQLBind(organizationID.uuidString))
                .first().map(Self.connection(from:))
        }
    }

    /// The connection with this id, whichever organization it belongs to, with its sealed credentials: what a
    /// provider's callback (which names only the connection) is checked against.
    package func findForCallback(_ id: ChannelConnection.ID) async throws -> (ChannelConnection, sealedCredentials: String)? {
        try await database.read { sql in
            try await sql.select().columns("*").from("channel_connections").where("id", .equal, SQLBind(id.uuidString)).first()
                .map { (try Self.connection(from: $0), try $0.decode(column: "credentials", as: String.self)) }
        }
    }

    /// The organization's connection for `channel` with its sealed credentials; `nil` means the Sandbox.
    package static func route(
        organizationID: Organization.ID, channel: Channel, on sql: any SQLDatabase
    ) async throws -> (ChannelConnection, sealedCredentials: String)? {
        try await sql.select().columns("*").from("channel_connections")
            .where("organization_id", .equal, SQLBind(organizationID.uuidString)).where("channel", .equal, SQLBind(channel.rawValue))
            .first().map { (try connection(from: $0), try $0.decode(column: "credentials", as: String.self)) }
    }

    /// Changes the fields given; `nil` when there is no such connection.
    package func update(
        _ id: ChannelConnection.ID, organizationID: Organization.ID, fields: ChannelConnectionFields, sealedCredentials: String?, at now: Date
    ) async throws -> ChannelConnection? {
        try await database.transaction { sql in
            guard
                var connection = try await sql.select().columns("*").from("channel_connections")
                    .where("id", .equal, SQLBind(id.uuidString)).where("organization_id", .equal, SQLBind(organizationID.uuidString))
                    .first().map(Self.connection(from:))
            else { return nil }
            connection.sender = fields.sender ?? connection.sender
            connection.apiBaseURL = fields.apiBaseURL ?? connection.apiBaseURL
            connection.messagesPerSecond = fields.messagesPerSecond ?? connection.messagesPerSecond
            connection.whatsAppTemplate = fields.whatsAppTemplate ?? connection.whatsAppTemplate
            connection.updatedAt = now
            var update = sql.update("channel_connections")
                .set("sender", to: SQLBind(connection.sender)).set("api_base_url", to: SQLBind(connection.apiBaseURL))
                .set("messages_per_second", to: SQLBind(connection.messagesPerSecond))
                .set("whatsapp_template", to: SQLBind(try Self.json(connection.whatsAppTemplate)))
                .set("updated_at", to: SQLBind(now.millisecondsSince1970))
            if let sealedCredentials { update = update.set("credentials", to: SQLBind(sealedCredentials)) }
            try await update.where("id", .equal, SQLBind(id.uuidString)).run()
            return connection
        }
    }

    /// Deletes the connection: the channel falls back to the Sandbox. `false` when there is no such connection.
    package func delete(_ id: ChannelConnection.ID, organizationID: Organization.ID) async throws -> Bool {
        try await database.transaction { sql in
            let found = try await sql.select().column("id").from("channel_connections")
                .where("id", .equal, SQLBind(id.uuidString)).where("organization_id", .equal, SQLBind(organizationID.uuidString)).first()
            guard found != nil else { return false }
            try await sql.delete(from: "channel_connections").where("id", .equal, SQLBind(id.uuidString)).run()
            return true
        }
    }

    /// Reserves the sender's next turn at its pace: the later of `now` and the end of the last reserved turn.
    /// Every process shares the reservation through the row, so the pace holds across workers.
    package static func reserveTurn(of connection: ChannelConnection, at now: Date, on sql: any SQLDatabase) async throws -> Date {
        // PostgreSQL locks the row as it is read; SQLite's BEGIN IMMEDIATE already holds the write lock.
        var query = sql.select().column("next_send_at").from("channel_connections").where("id", .equal, SQLBind(connection.id.uuidString))
        if sql.dialect.name == "postgresql" { query = query.for(.update) }
        let row = try await query.first()
        let next = try row?.decode(column: "next_send_at", as: Int64.self) ?? 0
        let turn = max(now.millisecondsSince1970, next)
        let interval = Int64((connection.sendInterval * 1_000).rounded(.up))
        try await sql.update("channel_connections").set("next_send_at", to: SQLBind(turn + max(interval, 1)))
            .where("id", .equal, SQLBind(connection.id.uuidString)).run()
        return Date(millisecondsSince1970: turn)
    }

    private static func json(_ template: WhatsAppTemplate?) throws -> String? {
        try template.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
    }

    private static func connection(from row: any SQLRow) throws -> ChannelConnection {
        guard let id = ChannelConnection.ID(uuidString: try row.decode(column: "id", as: String.self)),
            let organizationID = Organization.ID(uuidString: try row.decode(column: "organization_id", as: String.self)),
            let channel = Channel(rawValue: try row.decode(column: "channel", as: String.self)),
            let provider = ChannelProvider(rawValue: try row.decode(column: "provider", as: String.self))
        else { throw StoreError.corruptRow("channel_connections") }
        let template = try row.decode(column: "whatsapp_template", as: String?.self).flatMap {
            try? JSONDecoder().decode(WhatsAppTemplate.self, from: Data($0.utf8))
        }
        return ChannelConnection(
            id: id, organizationID: organizationID, channel: channel, provider: provider, sender: try row.decode(column: "sender", as: String.self),
            apiBaseURL: try row.decode(column: "api_base_url", as: String.self),
            messagesPerSecond: try row.decode(column: "messages_per_second", as: Double.self), whatsAppTemplate: template,
            createdAt: Date(millisecondsSince1970: try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: Date(millisecondsSince1970: try row.decode(column: "updated_at", as: Int64.self))
        )
    }
}
