package import Foundation
package import ParleyCore
package import SQLKit

/// Organizations' meeting templates. Every statement is scoped by organization id.
package struct MeetingTemplateRepository: Sendable {
    private let database: Database

    package init(database: Database) {
        self.database = database
    }

    /// Why a template cannot be deleted.
    package enum DeleteError: Error, Sendable, Equatable {
        /// A DRAFT or LIVE campaign books from it.
        case usedByCampaign(Campaign.ID)
        /// A booking made from it has not started yet.
        case futureBooking(Booking.ID)
        /// A conversation that may still book uses it as its own template.
        case usedByConversation(Conversation.ID)
    }

    /// Creates a template from a checked definition.
    package func create(
        _ definition: MeetingTemplate.Definition, organizationID: Organization.ID, ids: IDGenerator, at now: Date
    ) async throws -> MeetingTemplate {
        try await database.transaction { sql in try await Self.create(definition, organizationID: organizationID, ids: ids, at: now, on: sql) }
    }

    /// Creates a template in the caller's transaction.
    package static func create(
        _ definition: MeetingTemplate.Definition, organizationID: Organization.ID, ids: IDGenerator, at now: Date, on sql: any SQLDatabase
    ) async throws -> MeetingTemplate {
        let template = MeetingTemplate(id: ids.next(), organizationID: organizationID, definition: definition, createdAt: now, updatedAt: now)
        try await sql.insert(into: "meeting_templates")
            .columns("id", "organization_id", "title", "definition", "created_at", "updated_at")
            .values(
                SQLBind(template.id.uuidString), SQLBind(organizationID.uuidString), SQLBind(definition.title),
                SQLBind(try Self.json(definition)), SQLBind(now.millisecondsSince1970), SQLBind(now.millisecondsSince1970)
            )
            .run()
        return template
    }

    /// A page of the organization's templates, newest first.
    package func list(organizationID: Organization.ID, limit: Int, nextToken: String?) async throws -> Page<MeetingTemplate> {
        let after = try PageCursor.parse(nextToken)
        return try await database.read { sql in
            let rows = try await sql.select().columns("*").from("meeting_templates")
                .where("organization_id", .equal, SQLBind(organizationID.uuidString)).where("deleted_at", .is, SQLLiteral.null)
                .newestFirst(in: "meeting_templates", after: after, limit: limit).all()
            let templates = try rows.prefix(limit).map(Self.template(from:))
            let next = PageCursor.nextToken(rows: rows.count, limit: limit, last: templates.last) {
                PageCursor(key: $0.createdAt.millisecondsSince1970, id: $0.id.uuidString)
            }
            return Page(items: templates, nextToken: next)
        }
    }

    /// The organization's template with this id.
    ///
    /// - Parameter includingDeleted: Whether a deleted template is found too: bookings made from it keep its details.
    package func find(_ id: MeetingTemplate.ID, organizationID: Organization.ID, includingDeleted: Bool = false) async throws -> MeetingTemplate? {
        try await database.read { sql in try await Self.find(id, organizationID: organizationID, includingDeleted: includingDeleted, on: sql) }
    }

    package static func find(
        _ id: MeetingTemplate.ID, organizationID: Organization.ID, includingDeleted: Bool = false, on sql: any SQLDatabase
    ) async throws -> MeetingTemplate? {
        var query = sql.select().columns("*").from("meeting_templates")
            .where("id", .equal, SQLBind(id.uuidString)).where("organization_id", .equal, SQLBind(organizationID.uuidString))
        if !includingDeleted { query = query.where("deleted_at", .is, SQLLiteral.null) }
        return try await query.first().map(Self.template(from:))
    }

    /// Replaces the template's definition; `nil` when there is no such template.
    package func replace(
        _ id: MeetingTemplate.ID, organizationID: Organization.ID, with definition: MeetingTemplate.Definition, at now: Date
    ) async throws -> MeetingTemplate? {
        try await database.transaction { sql in
            guard var template = try await Self.find(id, organizationID: organizationID, on: sql) else { return nil }
            template.definition = definition
            template.updatedAt = now
            try await sql.update("meeting_templates")
                .set("title", to: SQLBind(definition.title)).set("definition", to: SQLBind(try Self.json(definition)))
                .set("updated_at", to: SQLBind(now.millisecondsSince1970))
                .where("id", .equal, SQLBind(id.uuidString)).run()
            return template
        }
    }

    /// Deletes the template; `false` when there is no such template. Throws ``DeleteError`` while a DRAFT or
    /// LIVE campaign books from it or a booking made from it has not started. The row stays, marked deleted, for
    /// the bookings made from it; nothing else finds it.
    package func delete(_ id: MeetingTemplate.ID, organizationID: Organization.ID, at now: Date) async throws -> Bool {
        try await database.transaction { sql in
            guard try await Self.find(id, organizationID: organizationID, on: sql) != nil else { return false }
            let user = try await sql.select().column("id").from("campaigns")
                .where("organization_id", .equal, SQLBind(organizationID.uuidString))
                .where("calendar_meeting_template_id", .equal, SQLBind(id.uuidString))
                .where("status", .notEqual, SQLBind(CampaignStatus.archived.rawValue)).first()
            if let user, let campaign = Campaign.ID(uuidString: try user.decode(column: "id", as: String.self)) {
                throw DeleteError.usedByCampaign(campaign)
            }
            if let booking = try await BookingRepository.scheduled(template: id, after: now, on: sql).first(where: { $0.start > now }) {
                throw DeleteError.futureBooking(booking.id)
            }
            // A conversation's own template (POST /v1/scheduling/conversations) stays while the conversation may book.
            let booking = try await sql.select().column("id").from("conversations")
                .where("organization_id", .equal, SQLBind(organizationID.uuidString)).where("meeting_template_id", .equal, SQLBind(id.uuidString))
                .where {
                    $0.where("status", .in, [ConversationStatus.created, .queued, .ongoing].map(\.rawValue)).orWhere(
                        "offered_slots", .isNot, SQLLiteral.null)
                }
                .first()
            if let booking, let conversation = Conversation.ID(uuidString: try booking.decode(column: "id", as: String.self)) {
                throw DeleteError.usedByConversation(conversation)
            }
            try await sql.update("meeting_templates").set("deleted_at", to: SQLBind(now.millisecondsSince1970))
                .where("id", .equal, SQLBind(id.uuidString)).run()
            return true
        }
    }

    private static func json(_ definition: MeetingTemplate.Definition) throws -> String {
        String(decoding: try JSONEncoder().encode(definition), as: UTF8.self)
    }

    private static func template(from row: any SQLRow) throws -> MeetingTemplate {
        guard let id = MeetingTemplate.ID(uuidString: try row.decode(column: "id", as: String.self)),
            let organizationID = Organization.ID(uuidString: try row.decode(column: "organization_id", as: String.self)),
            let definition = try? JSONDecoder().decode(
                MeetingTemplate.Definition.self, from: Data(try row.decode(column: "definition", as: String.self).utf8))
        else { throw StoreError.corruptRow("meeting_templates") }
        return MeetingTemplate(
            id: id, organizationID: organizationID, definition: definition,
            createdAt: Date(millisecondsSince1970: try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: Date(millisecondsSince1970: try row.decode(column: "updated_at", as: Int64.self))
        )
    }
}
