package import Foundation
package import ParleyCore
package import SQLKit

/// Bookings: made one at a time per meeting template, so two candidates racing for one slot get exactly one
/// booking between them, on SQLite and PostgreSQL alike.
package struct BookingRepository: Sendable {
    private let database: Database

    package init(database: Database) {
        self.database = database
    }

    /// Why a booking cannot be made.
    package enum BookError: Error, Sendable, Equatable {
        /// The slot is no longer free (someone booked it, or it broke the template's rules).
        case slotTaken
        /// The conversation already has a scheduled booking.
        case alreadyBooked(Booking.ID)
    }

    /// Books `start` for the conversation, if `isFree` says the slot is free given the template's scheduled
    /// bookings as they stand inside the transaction, then runs `then` in the same transaction. The template's row
    /// is locked first, so concurrent bookings of one template run one after another and the second sees the first.
    package func book(
        conversation: Conversation, template: MeetingTemplate, start: Date, ids: IDGenerator, at now: Date,
        isFree: @Sendable ([Booking]) -> Bool,
        then: (Booking, any SQLDatabase) async throws -> Void = { _, _ in }
    ) async throws -> Booking {
        try await database.transaction { sql in
            // Touching the row takes its lock on PostgreSQL; SQLite's transactions are serial.
            try await sql.update("meeting_templates").set("updated_at", to: SQLColumn("updated_at"))
                .where("id", .equal, SQLBind(template.id.uuidString)).run()
            if let existing = try await Self.scheduled(conversation: conversation.id, on: sql) { throw BookError.alreadyBooked(existing.id) }
            let scheduled = try await Self.scheduled(template: template.id, after: now, on: sql)
            guard isFree(scheduled) else { throw BookError.slotTaken }
            let end = start.addingTimeInterval(TimeInterval(template.definition.durationMinutes * 60))
            let booking = Booking(
                id: ids.next(), organizationID: conversation.organizationID, conversationID: conversation.id, campaignID: conversation.campaignID,
                meetingTemplateID: template.id, status: .scheduled, start: start, end: end, sequence: 0, createdAt: now, updatedAt: now
            )
            try await sql.insert(into: "bookings")
                .columns(
                    "id", "organization_id", "conversation_id", "campaign_id", "meeting_template_id", "status", "start_at", "end_at", "sequence",
                    "created_at", "updated_at"
                )
                .values(
                    SQLBind(booking.id.uuidString), SQLBind(booking.organizationID.uuidString), SQLBind(booking.conversationID.uuidString),
                    SQLBind(booking.campaignID.uuidString), SQLBind(template.id.uuidString), SQLBind(booking.status.rawValue),
                    SQLBind(start.millisecondsSince1970), SQLBind(end.millisecondsSince1970), SQLBind(0), SQLBind(now.millisecondsSince1970),
                    SQLBind(now.millisecondsSince1970)
                )
                .run()
            try await then(booking, sql)
            return booking
        }
    }

    /// The template's scheduled bookings that end after `now`, earliest first.
    package func scheduled(template: MeetingTemplate.ID, after now: Date) async throws -> [Booking] {
        try await database.read { sql in try await Self.scheduled(template: template, after: now, on: sql) }
    }

    /// The conversation's scheduled booking.
    package func scheduled(conversation: Conversation.ID) async throws -> Booking? {
        try await database.read { sql in try await Self.scheduled(conversation: conversation, on: sql) }
    }

    static func scheduled(template: MeetingTemplate.ID, after now: Date, on sql: any SQLDatabase) async throws -> [Booking] {
        try await sql.select().columns("*").from("bookings")
            .where("meeting_template_id", .equal, SQLBind(template.uuidString))
            .where("status", .equal, SQLBind(Booking.Status.scheduled.rawValue))
            .where("end_at", .greaterThan, SQLBind(now.millisecondsSince1970))
            .orderBy("start_at").all().map(Self.booking(from:))
    }

    static func scheduled(conversation: Conversation.ID, on sql: any SQLDatabase) async throws -> Booking? {
        try await sql.select().columns("*").from("bookings")
            .where("conversation_id", .equal, SQLBind(conversation.uuidString))
            .where("status", .equal, SQLBind(Booking.Status.scheduled.rawValue)).first().map(Self.booking(from:))
    }

    static func booking(from row: any SQLRow) throws -> Booking {
        guard let id = Booking.ID(uuidString: try row.decode(column: "id", as: String.self)),
            let organizationID = Organization.ID(uuidString: try row.decode(column: "organization_id", as: String.self)),
            let conversationID = Conversation.ID(uuidString: try row.decode(column: "conversation_id", as: String.self)),
            let campaignID = Campaign.ID(uuidString: try row.decode(column: "campaign_id", as: String.self)),
            let templateID = MeetingTemplate.ID(uuidString: try row.decode(column: "meeting_template_id", as: String.self)),
            let status = Booking.Status(rawValue: try row.decode(column: "status", as: String.self))
        else { throw StoreError.corruptRow("bookings") }
        return Booking(
            id: id, organizationID: organizationID, conversationID: conversationID, campaignID: campaignID, meetingTemplateID: templateID,
            status: status, start: Date(millisecondsSince1970: try row.decode(column: "start_at", as: Int64.self)),
            end: Date(millisecondsSince1970: try row.decode(column: "end_at", as: Int64.self)),
            sequence: try row.decode(column: "sequence", as: Int.self),
            createdAt: Date(millisecondsSince1970: try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: Date(millisecondsSince1970: try row.decode(column: "updated_at", as: Int64.self))
        )
    }
}
