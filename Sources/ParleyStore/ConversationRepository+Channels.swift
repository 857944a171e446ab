package import Foundation
package import ParleyCore
package import SQLKit

/// What the channels need from conversations: the next message to hand over and its place at the sender's
/// pace, the thread an email continues, and what providers report back.
extension ConversationRepository {
    /// A queued message with where its sending stands.
    package struct Outgoing: Sendable {
        package var message: Message
        /// Its reserved turn at the sender's pace, once reserved.
        package var sendAt: Date?
        /// Set when it was being handed to the provider; a message found with it was interrupted mid-send.
        package var sendStartedAt: Date?
    }

    /// The conversation's oldest message waiting for the channel.
    package static func nextOutgoing(of conversation: Conversation, on sql: any SQLDatabase) async throws -> Outgoing? {
        guard
            let row = try await sql.select().columns("*").from("messages")
                .where("conversation_id", .equal, SQLBind(conversation.id.uuidString))
                .where("delivery_status", .equal, SQLBind(Message.DeliveryStatus.queued.rawValue))
                .orderBy("position").limit(1).first()
        else { return nil }
        return Outgoing(
            message: try Message.from(row),
            sendAt: try row.decode(column: "send_at", as: Int64?.self).map(Date.init(millisecondsSince1970:)),
            sendStartedAt: try row.decode(column: "send_started_at", as: Int64?.self).map(Date.init(millisecondsSince1970:))
        )
    }

    /// Records the message's reserved turn at the sender's pace.
    package static func reserve(_ message: Message, sendAt: Date, on sql: any SQLDatabase) async throws {
        try await sql.update("messages").set("send_at", to: SQLBind(sendAt.millisecondsSince1970))
            .where("id", .equal, SQLBind(message.id.uuidString)).run()
    }

    /// Marks the message as being handed to the provider (`nil` clears the mark after a sure refusal).
    package static func markSendStarted(_ message: Message, at now: Date?, on sql: any SQLDatabase) async throws {
        try await sql.update("messages").set("send_started_at", to: SQLBind(now?.millisecondsSince1970))
            .where("id", .equal, SQLBind(message.id.uuidString)).run()
    }

    /// Queues the job that sends the conversation's next message at its reserved turn; one per message and turn.
    package static func enqueueDelivery(
        _ conversation: Conversation, of message: Message, at turn: Date, now: Date, ids: IDGenerator, on sql: any SQLDatabase
    ) async throws {
        try await JobQueue.enqueue(
            .init(
                organizationID: conversation.organizationID, kind: JobKind.deliver, payload: JobPayload(conversation).json, runAt: turn,
                idempotencyKey: "deliver:\(message.id):\(turn.millisecondsSince1970)"
            ),
            at: now, ids: ids, on: sql
        )
    }

    /// The provider ids (Message-IDs) of the conversation's messages that went out, oldest first: an email's
    /// thread.
    package static func sentProviderIDs(of conversation: Conversation, on sql: any SQLDatabase) async throws -> [String] {
        try await sql.select().column("provider_message_id").from("messages")
            .where("conversation_id", .equal, SQLBind(conversation.id.uuidString))
            .where("role", .notEqual, SQLBind(Message.Role.candidate.rawValue))
            .where("provider_message_id", .isNot, SQLLiteral.null)
            .orderBy("position").all().map { try $0.decode(column: "provider_message_id", as: String.self) }
    }

    /// When the candidate last wrote in the conversation.
    package static func lastReplyAt(of conversation: Conversation, on sql: any SQLDatabase) async throws -> Date? {
        try await sql.select().column(SQLFunction("MAX", args: SQLColumn("created_at")), as: "last").from("messages")
            .where("conversation_id", .equal, SQLBind(conversation.id.uuidString))
            .where("role", .equal, SQLBind(Message.Role.candidate.rawValue)).first()?
            .decode(column: "last", as: Int64?.self).map(Date.init(millisecondsSince1970:))
    }

    /// Whether the organization has a message with this provider id already.
    static func hasMessage(
        _ providerMessageID: String, channel: Channel, organizationID: Organization.ID, on sql: any SQLDatabase
    ) async throws -> Bool {
        try await sql.select().column("id").from("messages")
            .where("organization_id", .equal, SQLBind(organizationID.uuidString)).where("channel", .equal, SQLBind(channel.rawValue)).where(
                "provider_message_id", .equal, SQLBind(providerMessageID)
            )
            .first() != nil
    }

    /// Applies a provider's report on one of our messages, in the organization: a status only moves forward
    /// (QUEUED, SENT, DELIVERED), and a failure counts only before delivery. When the conversation's first
    /// message fails before the candidate has written, the conversation is DELIVERY_FAILED. Returns whether a
    /// message was found.
    package func applyDeliveryReport(
        providerMessageID: String, status: Message.DeliveryStatus, channel: Channel, organizationID: Organization.ID, ids: IDGenerator,
        at now: Date
    ) async throws -> Bool {
        try await database.transaction { sql in
            guard
                let row = try await sql.select().columns("*").from("messages")
                    .where("organization_id", .equal, SQLBind(organizationID.uuidString)).where("channel", .equal, SQLBind(channel.rawValue))
                    .where("provider_message_id", .equal, SQLBind(providerMessageID)).first()
            else { return false }
            let message = try Message.from(row)
            guard Self.rank(status) > Self.rank(message.deliveryStatus) else { return true }
            guard let conversation = try await Self.find(message.conversationID, organizationID: organizationID, lock: true, on: sql) else {
                return true
            }
            try await Self.setDelivery(message, status, providerMessageID: providerMessageID, on: sql)
            guard status == .failed, try await Self.isFirstOutbound(message, on: sql),
                let campaign = try await CampaignRepository.find(conversation.campaignID, organizationID: organizationID, lock: false, on: sql)
            else { return true }
            var machine = try await Self.machine(conversation, campaign, on: sql)
            machine.firstMessageFailed(candidateReplied: try await Self.lastReplyAt(of: conversation, on: sql) != nil, at: now)
            try await Self.apply(machine, was: conversation, sending: [], ids: ids, at: now, on: sql)
            return true
        }
    }

    /// Opts the conversation's candidate out without a word back (an email's one-click unsubscribe). Returns
    /// `false` when there is no such conversation.
    package func unsubscribe(_ id: Conversation.ID, ids: IDGenerator, at now: Date) async throws -> Bool {
        try await database.transaction { sql in
            guard
                let row = try await sql.select().column("organization_id").from("conversations").where("id", .equal, SQLBind(id.uuidString)).first(),
                let organizationID = Organization.ID(uuidString: try row.decode(column: "organization_id", as: String.self)),
                let conversation = try await Self.find(id, organizationID: organizationID, lock: true, on: sql),
                let campaign = try await CampaignRepository.find(conversation.campaignID, organizationID: organizationID, lock: false, on: sql)
            else { return false }
            var machine = try await Self.machine(conversation, campaign, on: sql)
            machine.unsubscribe(at: now)
            try await Self.apply(machine, was: conversation, sending: [], ids: ids, at: now, on: sql)
            return true
        }
    }

    /// The conversation with this id, whichever organization it belongs to, with its campaign: what a booking
    /// link (which names only the conversation) opens.
    package func findForBooking(_ id: Conversation.ID) async throws -> (conversation: Conversation, campaign: Campaign)? {
        try await database.read { sql in
            guard
                let row = try await sql.select().column("organization_id").from("conversations").where("id", .equal, SQLBind(id.uuidString)).first(),
                let organizationID = Organization.ID(uuidString: try row.decode(column: "organization_id", as: String.self)),
                let conversation = try await Self.find(id, organizationID: organizationID, lock: false, on: sql),
                let campaign = try await CampaignRepository.find(conversation.campaignID, organizationID: organizationID, lock: false, on: sql)
            else { return nil }
            return (conversation, campaign)
        }
    }

    /// Whether `message` is the first the conversation sent.
    private static func isFirstOutbound(_ message: Message, on sql: any SQLDatabase) async throws -> Bool {
        let first = try await sql.select().column(SQLFunction("MIN", args: SQLColumn("position")), as: "first").from("messages")
            .where("conversation_id", .equal, SQLBind(message.conversationID.uuidString))
            .where("role", .notEqual, SQLBind(Message.Role.candidate.rawValue)).first()?
            .decode(column: "first", as: Int?.self)
        return first == message.position
    }

    /// How far a status is along the way; a report never moves a message back.
    private static func rank(_ status: Message.DeliveryStatus) -> Int {
        switch status {
        case .queued, .received: 0
        case .sent: 1
        case .failed: 2
        case .delivered: 3
        }
    }
}
