package import Foundation
package import ParleyCore
package import SQLKit

/// The statements the conversation jobs and actions share, run inside the caller's transaction.
extension ConversationRepository {

    /// Closes every active conversation of a campaign that is stopping, sending `message` to those that had
    /// started, and starts what was queued behind them.
    package static func closeAll(
        ofCampaign campaign: Campaign,
        message: String?,
        ids: IDGenerator,
        at now: Date,
        on sql: any SQLDatabase
    ) async throws {
        var query = sql.select().columns("*").from("conversations")
            .where("organization_id", .equal, SQLBind(campaign.organizationID.uuidString))
            .where("campaign_id", .equal, SQLBind(campaign.id.uuidString))
            .where("status", .in, [ConversationStatus.created, .queued, .ongoing].map(\.rawValue))
        if sql.dialect.name == "postgresql" { query = query.for(.update) }
        for conversation in try await query.all().map(ConversationRecord.conversation(from:)) {
            var machine = try await machine(conversation, campaign, on: sql)
            let texts = machine.close(message: message, at: now)
            try await apply(machine, was: conversation, sending: texts, ids: ids, at: now, on: sql)
        }
        // Meeting times offered to candidates who passed are withdrawn with the campaign.
        try await sql.update("conversations").set("offered_slots", to: SQLLiteral.null)
            .where("organization_id", .equal, SQLBind(campaign.organizationID.uuidString))
            .where("campaign_id", .equal, SQLBind(campaign.id.uuidString)).where("offered_slots", .isNot, SQLLiteral.null).run()
    }

    /// The state machine for `conversation`, with the company name the agent uses.
    package static func machine(_ conversation: Conversation, _ campaign: Campaign, on sql: any SQLDatabase) async throws -> ConversationMachine {
        var companyName = campaign.settings.company
        if companyName == nil {
            companyName = try await OrganizationRepository.find(conversation.organizationID, on: sql)?.name
        }
        return ConversationMachine(conversation: conversation, campaign: campaign.settings, companyName: companyName ?? "our team")
    }

    /// Writes what an event did: the conversation if it changed, the agent's texts queued for delivery, and the
    /// start of the next queued conversation when this one ended.
    package static func apply(
        _ machine: ConversationMachine,
        was before: Conversation,
        sending texts: [String],
        ids: IDGenerator,
        at now: Date,
        on sql: any SQLDatabase
    ) async throws {
        if machine.conversation != before { try await save(machine.conversation, on: sql) }
        try await recordEvents(from: before, to: machine.conversation, ids: ids, at: now, on: sql)
        try await scheduleFollowUps(machine, was: before, at: now, ids: ids, on: sql)
        if before.status.isActive, [.optedOut, .closed, .deliveryFailed].contains(machine.conversation.status) {
            // What was still waiting for the channel (a question behind the sender's pace) is not sent once the
            // candidate opted out or the conversation was closed; only what this event says (a confirmation) goes
            // out. A screening that ends passed or failed still sends what it asked, in order.
            try await cancelQueued(of: machine.conversation, on: sql)
        }
        if before.status == .created, machine.conversation.status == .ongoing,
            !(try await unprocessedReplies(ofConversation: machine.conversation.id, on: sql)).isEmpty
        {
            // Replies that came before the opening went out waited for it; now they are answered.
            try await enqueueReply(machine.conversation, key: "reply-after-start:\(machine.conversation.id)", at: now, ids: ids, on: sql)
        }
        if !texts.isEmpty {
            try await append(texts, role: .agent, status: .queued, to: machine.conversation, ids: ids, at: now, on: sql)
            try await enqueueDelivery(machine.conversation, at: now, ids: ids, on: sql)
        }
        if before.status != .optedOut, machine.conversation.status == .optedOut {
            try await recordOptOut(of: machine.conversation, ids: ids, at: now, on: sql)
        } else if before.status == .created || before.status == .ongoing {
            // Only the conversation that held the contact frees it; a queued one closing frees nothing.
            try await startNextQueued(after: machine.conversation, at: now, ids: ids, on: sql)
        }
    }

    /// Remembers that the contact opted out on the channel, and closes their other conversations there
    /// (queued ones included) without a word: nothing is sent to them on this channel again.
    private static func recordOptOut(of conversation: Conversation, ids: IDGenerator, at now: Date, on sql: any SQLDatabase) async throws {
        try await sql.insert(into: "opt_outs")
            .columns("organization_id", "channel", "contact", "conversation_id", "created_at")
            .values(
                SQLBind(conversation.organizationID.uuidString), SQLBind(conversation.channel.rawValue), SQLBind(conversation.contact),
                SQLBind(conversation.id.uuidString), SQLBind(now.millisecondsSince1970)
            )
            .ignoringConflicts(with: ["organization_id", "channel", "contact"])
            .run()
        // Meeting times offered to them in earlier conversations are withdrawn: their next message is nobody's pick.
        try await sql.update("conversations").set("offered_slots", to: SQLLiteral.null)
            .where("organization_id", .equal, SQLBind(conversation.organizationID.uuidString))
            .where("channel", .equal, SQLBind(conversation.channel.rawValue)).where("contact", .equal, SQLBind(conversation.contact))
            .where("status", .notEqual, SQLBind(ConversationStatus.optedOut.rawValue)).where("offered_slots", .isNot, SQLLiteral.null).run()
        let others = try await activeConversations(
            organizationID: conversation.organizationID, channel: conversation.channel, contact: conversation.contact, on: sql
        )
        for other in others {
            try await cancelQueued(of: other, on: sql)
            var closed = other
            closed.status = .closed
            closed.updatedAt = now
            try await save(closed, on: sql)
            try await recordEvents(from: other, to: closed, ids: ids, at: now, on: sql)
        }
    }

    /// Marks the conversation's messages still waiting for the channel FAILED, so they are never sent; a message
    /// already being handed over is left to the job handing it over.
    static func cancelQueued(of conversation: Conversation, on sql: any SQLDatabase) async throws {
        try await sql.update("messages").set("delivery_status", to: SQLBind(Message.DeliveryStatus.failed.rawValue))
            .where("conversation_id", .equal, SQLBind(conversation.id.uuidString))
            .where("delivery_status", .equal, SQLBind(Message.DeliveryStatus.queued.rawValue))
            .where("send_started_at", .is, SQLLiteral.null)
            .run()
    }

    /// Whether the contact opted out of the organization's messages on the channel.
    static func hasOptedOut(organizationID: Organization.ID, channel: Channel, contact: String, on sql: any SQLDatabase) async throws -> Bool {
        try await sql.select().column("contact").from("opt_outs")
            .where("organization_id", .equal, SQLBind(organizationID.uuidString))
            .where("channel", .equal, SQLBind(channel.rawValue))
            .where("contact", .equal, SQLBind(contact))
            .first() != nil
    }

    /// The organization's conversation, locked for update on PostgreSQL when `lock` is set.
    package static func find(_ id: Conversation.ID, organizationID: Organization.ID, lock: Bool, on sql: any SQLDatabase) async throws
        -> Conversation?
    {
        var query = sql.select().columns("*").from("conversations")
            .where("id", .equal, SQLBind(id.uuidString))
            .where("organization_id", .equal, SQLBind(organizationID.uuidString))
        if lock, sql.dialect.name == "postgresql" { query = query.for(.update) }
        return try await query.first().map(ConversationRecord.conversation(from:))
    }

    /// Writes `conversation` back.
    package static func save(_ conversation: Conversation, on sql: any SQLDatabase) async throws {
        try await sql.update("conversations")
            .set(model: try ConversationRecord(conversation), nilEncodingStrategy: .asNil)
            .where("id", .equal, SQLBind(conversation.id.uuidString))
            .where("organization_id", .equal, SQLBind(conversation.organizationID.uuidString))
            .run()
    }

    /// Appends messages to the conversation, after its last one.
    @discardableResult
    package static func append(
        _ texts: [String],
        role: Message.Role,
        status: Message.DeliveryStatus,
        providerMessageID: String? = nil,
        to conversation: Conversation,
        ids: IDGenerator,
        at now: Date,
        on sql: any SQLDatabase
    ) async throws -> [Message] {
        let last = try await sql.select().column(SQLFunction("MAX", args: SQLColumn("position")), as: "last").from("messages")
            .where("conversation_id", .equal, SQLBind(conversation.id.uuidString)).first()
        var position = try last?.decode(column: "last", as: Int?.self) ?? 0
        var messages: [Message] = []
        for text in texts {
            position += 1
            let message = Message(
                id: ids.next(), conversationID: conversation.id, position: position, role: role, content: text,
                channel: conversation.channel, deliveryStatus: status, providerMessageID: providerMessageID, createdAt: now
            )
            try await sql.insert(into: "messages")
                .columns(
                    "id", "organization_id", "conversation_id", "position", "role", "content", "channel", "delivery_status",
                    "provider_message_id", "created_at"
                )
                .values(
                    SQLBind(message.id.uuidString), SQLBind(conversation.organizationID.uuidString), SQLBind(conversation.id.uuidString),
                    SQLBind(position), SQLBind(role.rawValue), SQLBind(text), SQLBind(conversation.channel.rawValue),
                    SQLBind(status.rawValue), SQLBind(providerMessageID), SQLBind(now.millisecondsSince1970)
                )
                .run()
            messages.append(message)
        }
        return messages
    }

    /// The conversation's messages up to and including `last`, oldest first: what an agent reads.
    package static func transcript(of conversation: Conversation, upTo last: Message, on sql: any SQLDatabase) async throws -> [Message] {
        try await sql.select().columns("*").from("messages")
            .where("conversation_id", .equal, SQLBind(conversation.id.uuidString))
            .where("position", .lessThanOrEqual, SQLBind(last.position))
            .orderBy("position").all().map(Message.from)
    }

    /// The candidate's replies not answered yet in the conversation with `id`, oldest first.
    package static func unprocessedReplies(ofConversation id: Conversation.ID, on sql: any SQLDatabase) async throws -> [Message] {
        try await sql.select().columns("*").from("messages")
            .where("conversation_id", .equal, SQLBind(id.uuidString))
            .where("role", .equal, SQLBind(Message.Role.candidate.rawValue))
            .where("processed_at", .is, SQLLiteral.null)
            .orderBy("position").all().map(Message.from)
    }

    /// Records how far a message got.
    package static func setDelivery(_ message: Message, _ status: Message.DeliveryStatus, providerMessageID: String?, on sql: any SQLDatabase)
        async throws
    {
        try await sql.update("messages")
            .set("delivery_status", to: SQLBind(status.rawValue))
            .set("provider_message_id", to: SQLBind(providerMessageID))
            .where("id", .equal, SQLBind(message.id.uuidString))
            .run()
    }

    /// Marks a candidate's reply answered.
    package static func markProcessed(_ message: Message, at now: Date, on sql: any SQLDatabase) async throws {
        try await sql.update("messages").set("processed_at", to: SQLBind(now.millisecondsSince1970))
            .where("id", .equal, SQLBind(message.id.uuidString)).run()
    }

    /// Queues the job that opens `conversation`, at the next business hours when the conversation asks for them.
    package static func enqueueStart(_ conversation: Conversation, at now: Date, ids: IDGenerator, on sql: any SQLDatabase) async throws {
        try await JobQueue.enqueue(
            .init(
                organizationID: conversation.organizationID, kind: JobKind.start, payload: JobPayload(conversation).json,
                runAt: try await sendingTime(conversation, from: now, on: sql),
                idempotencyKey: "start:\(conversation.id)"
            ),
            at: now, ids: ids, on: sql
        )
    }

    /// Queues the job that answers the conversation's unanswered replies; at most one job per `key`.
    package static func enqueueReply(_ conversation: Conversation, key: String, at now: Date, ids: IDGenerator, on sql: any SQLDatabase) async throws
    {
        try await JobQueue.enqueue(
            .init(
                organizationID: conversation.organizationID, kind: JobKind.reply, payload: JobPayload(conversation).json, runAt: now,
                idempotencyKey: key
            ),
            at: now, ids: ids, on: sql
        )
    }

    /// Queues the job that hands the conversation's queued messages to the channel.
    package static func enqueueDelivery(_ conversation: Conversation, at now: Date, ids: IDGenerator, on sql: any SQLDatabase) async throws {
        try await JobQueue.enqueue(
            .init(organizationID: conversation.organizationID, kind: JobKind.deliver, payload: JobPayload(conversation).json, runAt: now),
            at: now, ids: ids, on: sql
        )
    }

    /// Starts the oldest conversation queued behind `finished` (same contact and channel), now that it has ended.
    package static func startNextQueued(after finished: Conversation, at now: Date, ids: IDGenerator, on sql: any SQLDatabase) async throws {
        guard !finished.status.isActive else { return }
        let next = try await sql.select().columns("*").from("conversations")
            .where("organization_id", .equal, SQLBind(finished.organizationID.uuidString))
            .where("channel", .equal, SQLBind(finished.channel.rawValue))
            .where("contact", .equal, SQLBind(finished.contact))
            .where("status", .equal, SQLBind(ConversationStatus.queued.rawValue))
            .orderBy("created_at").orderBy("id").first().map(ConversationRecord.conversation(from:))
        guard var next else { return }
        next.status = .created
        next.updatedAt = now
        try await save(next, on: sql)
        try await enqueueStart(next, at: now, ids: ids, on: sql)
    }

    /// The contact's active conversation on the channel, oldest first (the one replies go to).
    static func activeConversation(
        organizationID: Organization.ID,
        channel: Channel,
        contact: String,
        on sql: any SQLDatabase
    ) async throws -> Conversation? {
        try await activeConversations(organizationID: organizationID, channel: channel, contact: contact, on: sql).first
    }

    /// The contact's active conversations on the channel, oldest first.
    static func activeConversations(
        organizationID: Organization.ID,
        channel: Channel,
        contact: String,
        on sql: any SQLDatabase
    ) async throws -> [Conversation] {
        try await contactConversations(organizationID: organizationID, channel: channel, contact: contact, on: sql)
            .where("status", .in, [ConversationStatus.created, .queued, .ongoing].map(\.rawValue))
            .orderBy("created_at").orderBy("id")
            .all()
            .map(ConversationRecord.conversation(from:))
    }

    /// A query for the contact's conversations on `channel`.
    private static func contactConversations(
        organizationID: Organization.ID, channel: Channel, contact: String, on sql: any SQLDatabase
    ) -> SQLSelectBuilder {
        sql.select().columns("*").from("conversations")
            .where("organization_id", .equal, SQLBind(organizationID.uuidString))
            .where("channel", .equal, SQLBind(channel.rawValue))
            .where("contact", .equal, SQLBind(contact))
    }

    /// The contact's finished conversations on `channel` with meeting times still on offer, newest first.
    static func conversationsOfferingSlots(
        organizationID: Organization.ID,
        channel: Channel,
        contact: String,
        on sql: any SQLDatabase
    ) async throws -> [Conversation] {
        try await contactConversations(organizationID: organizationID, channel: channel, contact: contact, on: sql)
            .where("status", .equal, SQLBind(ConversationStatus.completedScreeningPassed.rawValue))
            .where("offered_slots", .isNot, SQLLiteral.null)
            .orderBy("created_at", .descending).orderBy("id", .descending)
            .all()
            .map(ConversationRecord.conversation(from:))
    }

    /// Closes one conversation without a message, making way for a newer one.
    static func close(_ conversation: Conversation, ids: IDGenerator, at now: Date, on sql: any SQLDatabase) async throws {
        guard let current = try await find(conversation.id, organizationID: conversation.organizationID, lock: true, on: sql),
            current.status.isActive,
            let campaign = try await CampaignRepository.find(current.campaignID, organizationID: current.organizationID, lock: false, on: sql)
        else { return }
        var machine = try await machine(current, campaign, on: sql)
        _ = machine.close(message: nil, at: now)
        try await apply(machine, was: current, sending: [], ids: ids, at: now, on: sql)
    }
}
