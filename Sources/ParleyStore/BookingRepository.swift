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
    /// is locked first (``lockTemplate(_:on:)``), so concurrent bookings of one template run one after another and the
    /// second sees the first.
    package func book(
        conversation: Conversation, template: MeetingTemplate, start: Date, ids: IDGenerator, at now: Date,
        isFree: @Sendable ([Booking]) -> Bool,
        then: (Booking, any SQLDatabase) async throws -> Void = { _, _ in }
    ) async throws -> Booking {
        try await database.transaction { sql in
            let booking = try await Self.book(
                conversation: conversation, template: template, start: start, ids: ids, at: now, isFree: isFree, on: sql)
            try await then(booking, sql)
            return booking
        }
    }

    /// Books `start` for the conversation in the caller's transaction, as ``book(conversation:template:start:ids:at:isFree:then:)``
    /// does. A caller that also locks the conversation locks it first.
    package static func book(
        conversation: Conversation, template: MeetingTemplate, start: Date, ids: IDGenerator, at now: Date,
        isFree: ([Booking]) -> Bool, on sql: any SQLDatabase
    ) async throws -> Booking {
        try await Self.lockTemplate(template.id, on: sql)
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
        return booking
    }

    /// Locks the template's row, so bookings of one template are made and changed one at a time: PostgreSQL locks
    /// the row; SQLite's BEGIN IMMEDIATE already holds the write lock.
    private static func lockTemplate(_ id: MeetingTemplate.ID, on sql: any SQLDatabase) async throws {
        var query = sql.select().column("id").from("meeting_templates").where("id", .equal, SQLBind(id.uuidString))
        if sql.dialect.name == "postgresql" { query = query.for(.update) }
        _ = try await query.first()
    }

    /// The template's scheduled bookings that end after `now`, earliest first.
    package func scheduled(template: MeetingTemplate.ID, after now: Date) async throws -> [Booking] {
        try await database.read { sql in try await Self.scheduled(template: template, after: now, on: sql) }
    }

    /// The conversation's scheduled booking.
    package func scheduled(conversation: Conversation.ID) async throws -> Booking? {
        try await database.read { sql in try await Self.scheduled(conversation: conversation, on: sql) }
    }

    package static func scheduled(template: MeetingTemplate.ID, after now: Date, on sql: any SQLDatabase) async throws -> [Booking] {
        try await sql.select().columns("*").from("bookings")
            .where("meeting_template_id", .equal, SQLBind(template.uuidString))
            .where("status", .equal, SQLBind(Booking.Status.scheduled.rawValue))
            .where("end_at", .greaterThan, SQLBind(now.millisecondsSince1970))
            .orderBy("start_at").all().map(Self.booking(from:))
    }

    package static func scheduled(conversation: Conversation.ID, on sql: any SQLDatabase) async throws -> Booking? {
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

extension BookingRepository {
    /// What a booking list is narrowed to.
    package struct Filter: Sendable {
        package var conversationID: Conversation.ID?
        package var campaignID: Campaign.ID?
        package var status: Booking.Status?
        /// Bookings starting at or after this.
        package var from: Date?
        /// Bookings starting before this.
        package var to: Date?

        package init(
            conversationID: Conversation.ID? = nil, campaignID: Campaign.ID? = nil, status: Booking.Status? = nil, from: Date? = nil, to: Date? = nil
        ) {
            self.conversationID = conversationID
            self.campaignID = campaignID
            self.status = status
            self.from = from
            self.to = to
        }
    }

    /// Why a booking cannot change.
    package enum ChangeError: Error, Sendable, Equatable {
        case notFound
        case cancelled
        /// It has started (or ended) already.
        case started
        /// The new start is in the past.
        case inThePast
        /// The new time is not free.
        case slotTaken
    }

    /// A page of the organization's bookings, newest first; a SCHEDULED booking whose start has passed counts as
    /// COMPLETED.
    package func list(_ filter: Filter, organizationID: Organization.ID, limit: Int, nextToken: String?, at now: Date) async throws -> Page<Booking> {
        let after = try PageCursor.parse(nextToken)
        return try await database.read { sql in
            var query = sql.select().columns("*").from("bookings").where("organization_id", .equal, SQLBind(organizationID.uuidString))
            if let id = filter.conversationID { query = query.where("conversation_id", .equal, SQLBind(id.uuidString)) }
            if let id = filter.campaignID { query = query.where("campaign_id", .equal, SQLBind(id.uuidString)) }
            if let from = filter.from { query = query.where("start_at", .greaterThanOrEqual, SQLBind(from.millisecondsSince1970)) }
            if let to = filter.to { query = query.where("start_at", .lessThan, SQLBind(to.millisecondsSince1970)) }
            switch filter.status {
            case .scheduled?:
                query = query.where("status", .equal, SQLBind(Booking.Status.scheduled.rawValue))
                    .where("start_at", .greaterThan, SQLBind(now.millisecondsSince1970))
            case .completed?:
                query = query.where("status", .equal, SQLBind(Booking.Status.scheduled.rawValue))
                    .where("start_at", .lessThanOrEqual, SQLBind(now.millisecondsSince1970))
            case .cancelled?:
                query = query.where("status", .equal, SQLBind(Booking.Status.cancelled.rawValue))
            case nil:
                break
            }
            let rows = try await query.newestFirst(in: "bookings", after: after, limit: limit).all()
            let bookings = try rows.prefix(limit).map(Self.booking(from:))
            let next = PageCursor.nextToken(rows: rows.count, limit: limit, last: bookings.last) {
                PageCursor(key: $0.createdAt.millisecondsSince1970, id: $0.id.uuidString)
            }
            return Page(items: bookings, nextToken: next)
        }
    }

    /// The organization's booking with this id.
    package func find(_ id: Booking.ID, organizationID: Organization.ID) async throws -> Booking? {
        try await database.read { sql in try await Self.find(id, organizationID: organizationID, on: sql) }
    }

    package static func find(_ id: Booking.ID, organizationID: Organization.ID, on sql: any SQLDatabase) async throws -> Booking? {
        try await sql.select().columns("*").from("bookings")
            .where("id", .equal, SQLBind(id.uuidString)).where("organization_id", .equal, SQLBind(organizationID.uuidString))
            .first().map(Self.booking(from:))
    }

    /// Moves a scheduled booking to `start`, when `isFree` says the time is free given the template's other
    /// scheduled bookings; runs `then` in the same transaction.
    package func reschedule(
        _ id: Booking.ID, organizationID: Organization.ID, to start: Date, durationMinutes: Int, at now: Date,
        isFree: @Sendable ([Booking]) -> Bool, then: (Booking, any SQLDatabase) async throws -> Void
    ) async throws -> Booking {
        try await change(id, organizationID: organizationID, at: now) { booking, sql in
            guard start > now else { throw ChangeError.inThePast }
            let others = try await Self.scheduled(template: booking.meetingTemplateID, after: now, on: sql).filter { $0.id != booking.id }
            guard isFree(others) else { throw ChangeError.slotTaken }
            var moved = booking
            moved.start = start
            moved.end = start.addingTimeInterval(TimeInterval(durationMinutes * 60))
            return moved
        } then: { booking, sql in
            try await then(booking, sql)
        }
    }

    /// Cancels a booking that has not started; runs `then` in the same transaction.
    package func cancel(
        _ id: Booking.ID, organizationID: Organization.ID, at now: Date, then: (Booking, any SQLDatabase) async throws -> Void
    ) async throws -> Booking {
        try await change(id, organizationID: organizationID, at: now) { booking, _ in
            var cancelled = booking
            cancelled.status = .cancelled
            return cancelled
        } then: { booking, sql in
            try await then(booking, sql)
        }
    }

    /// Locks the booking's template, checks the booking can change, applies `body` and writes the result with
    /// the next `sequence`.
    private func change(
        _ id: Booking.ID, organizationID: Organization.ID, at now: Date, _ body: (Booking, any SQLDatabase) async throws -> Booking,
        then: (Booking, any SQLDatabase) async throws -> Void
    ) async throws -> Booking {
        try await database.transaction { sql in
            guard let found = try await Self.find(id, organizationID: organizationID, on: sql) else { throw ChangeError.notFound }
            // The conversation first, then the template: the order booking takes, so the two never deadlock.
            _ = try await ConversationRepository.find(found.conversationID, organizationID: organizationID, lock: true, on: sql)
            try await Self.lockTemplate(found.meetingTemplateID, on: sql)
            guard let booking = try await Self.find(id, organizationID: organizationID, on: sql) else { throw ChangeError.notFound }
            guard booking.status != .cancelled else { throw ChangeError.cancelled }
            guard booking.start > now else { throw ChangeError.started }
            var changed = try await body(booking, sql)
            changed.sequence = booking.sequence + 1
            changed.updatedAt = now
            try await sql.update("bookings")
                .set("status", to: SQLBind(changed.status.rawValue)).set("start_at", to: SQLBind(changed.start.millisecondsSince1970))
                .set("end_at", to: SQLBind(changed.end.millisecondsSince1970)).set("sequence", to: SQLBind(changed.sequence))
                .set("updated_at", to: SQLBind(now.millisecondsSince1970))
                .where("id", .equal, SQLBind(id.uuidString)).run()
            try await then(changed, sql)
            return changed
        }
    }
}
