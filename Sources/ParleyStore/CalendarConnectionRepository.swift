import Foundation
package import ParleyCore
import SQLKit

/// Participants' CalDAV calendars, one per email address and organization. Passwords are stored sealed
/// (``SecretBox``) and read back only to talk to the calendar server.
package struct CalendarConnectionRepository: Sendable {
    private let database: Database

    package init(database: Database) {
        self.database = database
    }

    /// Why a connection cannot be created.
    package enum CreateError: Error, Sendable, Equatable {
        /// The organization already connected a calendar for this email address.
        case emailTaken(CalendarConnection.ID)
    }

    /// Creates a connection with its sealed password.
    package func create(_ connection: CalendarConnection, sealedPassword: String) async throws -> CalendarConnection {
        try await database.transaction { sql in
            if let existing = try await Self.connections(forEmails: [connection.email], organizationID: connection.organizationID, on: sql).first {
                throw CreateError.emailTaken(existing.connection.id)
            }
            try await sql.insert(into: "calendar_connections")
                .columns("id", "organization_id", "email", "calendar_url", "username", "sealed_password", "created_at", "updated_at")
                .values(
                    SQLBind(connection.id.uuidString), SQLBind(connection.organizationID.uuidString), SQLBind(connection.email),
                    SQLBind(connection.calendarURL), SQLBind(connection.username), SQLBind(sealedPassword),
                    SQLBind(connection.createdAt.millisecondsSince1970), SQLBind(connection.updatedAt.millisecondsSince1970)
                )
                .run()
            return connection
        }
    }

    /// The organization's connections, by email address.
    package func list(organizationID: Organization.ID) async throws -> [CalendarConnection] {
        try await database.read { sql in
            try await sql.select().columns("*").from("calendar_connections")
                .where("organization_id", .equal, SQLBind(organizationID.uuidString))
                .orderBy("email").all().map(Self.connection(from:))
        }
    }

    /// The organization's connection with this id.
    package func find(_ id: CalendarConnection.ID, organizationID: Organization.ID) async throws -> CalendarConnection? {
        try await database.read { sql in
            try await sql.select().columns("*").from("calendar_connections")
                .where("id", .equal, SQLBind(id.uuidString)).where("organization_id", .equal, SQLBind(organizationID.uuidString))
                .first().map(Self.connection(from:))
        }
    }

    /// Deletes the organization's connection; `false` when there is none with this id.
    package func delete(_ id: CalendarConnection.ID, organizationID: Organization.ID) async throws -> Bool {
        try await database.transaction { sql in
            let found = try await sql.select().column("id").from("calendar_connections")
                .where("id", .equal, SQLBind(id.uuidString)).where("organization_id", .equal, SQLBind(organizationID.uuidString)).first()
            guard found != nil else { return false }
            try await sql.delete(from: "calendar_connections").where("id", .equal, SQLBind(id.uuidString)).run()
            return true
        }
    }

    /// The organization's connections for these email addresses (any case), each with its sealed password.
    package func connections(
        forEmails emails: [String], organizationID: Organization.ID
    ) async throws -> [(connection: CalendarConnection, sealedPassword: String)] {
        try await database.read { sql in try await Self.connections(forEmails: emails, organizationID: organizationID, on: sql) }
    }

    private static func connections(
        forEmails emails: [String], organizationID: Organization.ID, on sql: any SQLDatabase
    ) async throws -> [(connection: CalendarConnection, sealedPassword: String)] {
        let keys = Array(Set(emails.map { $0.lowercased() }))
        guard !keys.isEmpty else { return [] }
        return try await sql.select().columns("*").from("calendar_connections")
            .where("organization_id", .equal, SQLBind(organizationID.uuidString))
            .where("email", .in, keys)
            .orderBy("email").all()
            .map { (try connection(from: $0), try $0.decode(column: "sealed_password", as: String.self)) }
    }

    private static func connection(from row: any SQLRow) throws -> CalendarConnection {
        guard let id = CalendarConnection.ID(uuidString: try row.decode(column: "id", as: String.self)),
            let organizationID = Organization.ID(uuidString: try row.decode(column: "organization_id", as: String.self))
        else { throw StoreError.corruptRow("calendar_connections") }
        return CalendarConnection(
            id: id, organizationID: organizationID, email: try row.decode(column: "email", as: String.self),
            calendarURL: try row.decode(column: "calendar_url", as: String.self), username: try row.decode(column: "username", as: String.self),
            createdAt: Date(millisecondsSince1970: try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: Date(millisecondsSince1970: try row.decode(column: "updated_at", as: Int64.self))
        )
    }
}
