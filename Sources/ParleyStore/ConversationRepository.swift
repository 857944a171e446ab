package import Foundation
package import ParleyCore
package import SQLKit

/// Conversations and their messages. Every statement is scoped by organization id. Starting a conversation
/// writes it and its start job in one transaction.
package struct ConversationRepository: Sendable {
    private let database: Database

    package init(database: Database) {
        self.database = database
    }

    /// The job kinds conversations use.
    package enum JobKind {
        /// Write and send a conversation's opening messages.
        package static let start = "conversation.start"
        /// Hand a conversation's queued messages to its channel.
        package static let deliver = "conversation.deliver"
        /// Answer a candidate's reply.
        package static let reply = "conversation.reply"
    }

    /// What a conversation job carries.
    package struct JobPayload: Codable, Sendable {
        package var conversationId: String
        package var organizationId: String

        package init(_ conversation: Conversation) {
            conversationId = conversation.id.uuidString
            organizationId = conversation.organizationID.uuidString
        }

        package var ids: (Conversation.ID, Organization.ID)? {
            guard let conversation = Conversation.ID(uuidString: conversationId), let organization = Organization.ID(uuidString: organizationId)
            else { return nil }
            return (conversation, organization)
        }

        package var json: String { String(decoding: (try? JSONEncoder().encode(self)) ?? Data(), as: UTF8.self) }
    }

    /// How a request names its campaign.
    package enum CampaignReference: Sendable, Equatable {
        case id(Campaign.ID)
        /// The campaign's `externalCampaignId` (the one that is not archived).
        case external(String)
    }

    /// Why a conversation cannot be started.
    package enum StartError: Error, Sendable, Equatable {
        /// No such campaign in the organization.
        case campaignNotFound
        /// The campaign is not LIVE.
        case campaignNotLive(CampaignStatus)
        /// The contact already has this active conversation, on this channel, in the campaign.
        case duplicate(Conversation.ID, Channel)
    }

    /// Starts a conversation with `fields` under the organization's campaign: CREATED with its start job, or
    /// QUEUED behind the contact's active conversation on the same channel.
    package func create(
        _ fields: ConversationFields,
        campaign reference: CampaignReference,
        organizationID: Organization.ID,
        ids: IDGenerator,
        at now: Date
    ) async throws -> Conversation {
        try await database.transaction { sql in
            let campaign = try await Self.liveCampaign(reference, organizationID: organizationID, on: sql)
            return try await Self.insert(fields, in: campaign, ids: ids, at: now, on: sql)
        }
    }

    /// Starts one conversation per entry of `contacts` under the campaign, in one transaction. An entry that
    /// breaks a rule gets its ``ValidationError`` and never stops the others.
    package func createMany(
        _ contacts: [ConversationFields],
        campaign reference: CampaignReference,
        organizationID: Organization.ID,
        ids: IDGenerator,
        at now: Date
    ) async throws -> [Result<Conversation, ValidationError>] {
        try await database.transaction { sql in
            let campaign = try await Self.liveCampaign(reference, organizationID: organizationID, on: sql)
            var results: [Result<Conversation, ValidationError>] = []
            results.reserveCapacity(contacts.count)
            for fields in contacts {
                do {
                    results.append(.success(try await Self.insert(fields, in: campaign, ids: ids, at: now, on: sql)))
                } catch let error as ValidationError {
                    results.append(.failure(error))
                } catch StartError.duplicate(let existing, let channel) {
                    results.append(.failure(Self.duplicateError(existing, channel: channel)))
                }
            }
            return results
        }
    }

    private static func liveCampaign(_ reference: CampaignReference, organizationID: Organization.ID, on sql: any SQLDatabase) async throws
        -> Campaign
    {
        let found: Campaign? =
            switch reference {
            case .id(let id): try await CampaignRepository.find(id, organizationID: organizationID, lock: false, on: sql)
            case .external(let externalID): try await CampaignRepository.find(externalID: externalID, organizationID: organizationID, on: sql)
            }
        guard let campaign = found else { throw StartError.campaignNotFound }
        guard campaign.settings.status == .live else { throw StartError.campaignNotLive(campaign.settings.status) }
        return campaign
    }

    /// The error for a contact who already has an active conversation in the campaign.
    package static func duplicateError(_ existing: Conversation.ID, channel: Channel) -> ValidationError {
        ValidationError(
            field: channel == .email ? "emailAddress" : "phoneNumber",
            rule: "already has active conversation \(existing) in this campaign; send skipDuplicationCheck or closePreviousConversations"
        )
    }

    private static func insert(
        _ fields: ConversationFields,
        in campaign: Campaign,
        ids: IDGenerator,
        at now: Date,
        on sql: any SQLDatabase
    ) async throws -> Conversation {
        let channel = campaign.settings.channel
        let fields = try fields.normalized()
        try fields.validate(for: channel)
        let contact = fields.contact(for: channel)
        if try await hasOptedOut(organizationID: campaign.organizationID, channel: channel, contact: contact, on: sql) {
            throw ValidationError(
                field: channel == .email ? "emailAddress" : "phoneNumber",
                rule: "opted out of \(channel.rawValue) messages from this organization; nothing can be sent to it"
            )
        }
        var active = try await activeConversations(organizationID: campaign.organizationID, channel: channel, contact: contact, on: sql)
        if fields.closeAllOngoingConversations || fields.closePreviousConversations {
            for previous in active where fields.closeAllOngoingConversations || previous.campaignID == campaign.id {
                try await close(previous, ids: ids, at: now, on: sql)
            }
            active = try await activeConversations(organizationID: campaign.organizationID, channel: channel, contact: contact, on: sql)
        }
        if !fields.skipDuplicationCheck, let duplicate = active.first(where: { $0.campaignID == campaign.id }) {
            throw StartError.duplicate(duplicate.id, channel)
        }
        let busy = active.first
        let conversation = Conversation(
            id: ids.next(), organizationID: campaign.organizationID, campaignID: campaign.id, channel: channel,
            status: busy == nil ? .created : .queued, firstName: fields.firstName, lastName: fields.lastName,
            phoneNumber: fields.phoneNumber, emailAddress: fields.emailAddress, externalID: fields.externalID,
            externalCampaignID: campaign.settings.externalCampaignID, applicationSource: fields.applicationSource,
            openingMessage: fields.openingMessage, sendDuringBusinessHours: fields.shouldSendDuringBusinessHours, createdAt: now,
            updatedAt: now
        )
        try await sql.insert(into: "conversations").model(try ConversationRecord(conversation), keyEncodingStrategy: .convertToSnakeCase).run()
        if conversation.status == .created {
            try await enqueueStart(conversation, at: now, ids: ids, on: sql)
        }
        return conversation
    }

    /// The organization's conversation with this id.
    package func find(_ id: Conversation.ID, organizationID: Organization.ID) async throws -> Conversation? {
        try await database.read { sql in try await Self.find(id, organizationID: organizationID, lock: false, on: sql) }
    }

    /// Which conversations a list returns; `nil` fields do not filter.
    package struct Filter: Sendable {
        package var campaignID: Campaign.ID?
        package var externalID: String?
        package var externalCampaignID: String?
        package var status: ConversationStatus?
        package var needsReview: Bool?

        package init(
            campaignID: Campaign.ID? = nil,
            externalID: String? = nil,
            externalCampaignID: String? = nil,
            status: ConversationStatus? = nil,
            needsReview: Bool? = nil
        ) {
            self.campaignID = campaignID
            self.externalID = externalID
            self.externalCampaignID = externalCampaignID
            self.status = status
            self.needsReview = needsReview
        }
    }

    /// One page of the organization's conversations, newest first.
    package func list(organizationID: Organization.ID, filter: Filter, limit: Int, nextToken: String?) async throws -> Page<Conversation> {
        let after = try nextToken.map { token throws(ValidationError) in try PageCursor(token: token) }
        return try await database.read { sql in
            var query = sql.select().columns("*").from("conversations").where("organization_id", .equal, SQLBind(organizationID.uuidString))
            if let campaignID = filter.campaignID { query = query.where("campaign_id", .equal, SQLBind(campaignID.uuidString)) }
            if let externalID = filter.externalID { query = query.where("external_id", .equal, SQLBind(externalID)) }
            if let externalCampaignID = filter.externalCampaignID {
                query = query.where("external_campaign_id", .equal, SQLBind(externalCampaignID))
            }
            if let status = filter.status { query = query.where("status", .equal, SQLBind(status.rawValue)) }
            if let needsReview = filter.needsReview { query = query.where("needs_review", .equal, SQLBind(needsReview)) }
            if let after {
                query = query.where { group in
                    group.where("created_at", .lessThan, SQLBind(after.createdAt)).orWhere { tie in
                        tie.where("created_at", .equal, SQLBind(after.createdAt)).where("id", .lessThan, SQLBind(after.id))
                    }
                }
            }
            let rows = try await query.orderBy("created_at", .descending).orderBy("id", .descending).limit(limit + 1).all()
            let conversations = try rows.prefix(limit).map(ConversationRecord.conversation(from:))
            let next =
                rows.count > limit
                ? conversations.last.map { PageCursor(createdAt: $0.createdAt.millisecondsSince1970, id: $0.id.uuidString).token } : nil
            return Page(items: conversations, nextToken: next)
        }
    }

    /// One page of a conversation's messages, oldest first; `nil` when the organization has no such conversation.
    package func messages(of id: Conversation.ID, organizationID: Organization.ID, limit: Int, nextToken: String?) async throws -> Page<Message>? {
        let after = try nextToken.map { token throws(ValidationError) in try PageCursor(token: token) }
        return try await database.read { sql in
            guard try await Self.find(id, organizationID: organizationID, lock: false, on: sql) != nil else { return nil }
            var query = sql.select().columns("*").from("messages")
                .where("organization_id", .equal, SQLBind(organizationID.uuidString))
                .where("conversation_id", .equal, SQLBind(id.uuidString))
            if let after { query = query.where("position", .greaterThan, SQLBind(after.createdAt)) }
            let rows = try await query.orderBy("position").limit(limit + 1).all()
            let messages = try rows.prefix(limit).map(Message.from)
            let next = rows.count > limit ? messages.last.map { PageCursor(createdAt: Int64($0.position), id: $0.id.uuidString).token } : nil
            return Page(items: messages, nextToken: next)
        }
    }

    /// Stores a candidate's reply for the contact's active conversation on `channel`, with the job that answers
    /// it; `nil` (the reply kept as unmatched) when the contact has no active conversation.
    package func receive(
        _ content: String,
        from contact: String,
        channel: Channel,
        organizationID: Organization.ID,
        ids: IDGenerator,
        at now: Date
    ) async throws -> Message? {
        try await database.transaction { sql in
            guard let conversation = try await Self.activeConversation(organizationID: organizationID, channel: channel, contact: contact, on: sql),
                conversation.status != .queued
            else {
                try await sql.insert(into: "unmatched_inbound")
                    .columns("id", "organization_id", "channel", "contact", "content", "received_at")
                    .values(
                        SQLBind(ids.next(UnmatchedReply.self).uuidString), SQLBind(organizationID.uuidString), SQLBind(channel.rawValue),
                        SQLBind(contact),
                        SQLBind(content), SQLBind(now.millisecondsSince1970)
                    )
                    .run()
                return nil
            }
            let message = try await Self.append(
                [content], role: .candidate, status: .received, to: conversation, ids: ids, at: now, on: sql
            ).first
            let payload = JobPayload(conversation).json
            try await JobQueue.enqueue(
                .init(
                    organizationID: organizationID, kind: JobKind.reply, payload: payload, runAt: now,
                    idempotencyKey: message.map { "reply:\($0.id)" }),
                at: now, ids: ids, on: sql
            )
            return message
        }
    }

    /// Why a conversation cannot take an action.
    package enum ActionError: Error, Sendable, Equatable {
        case notFound
        /// The conversation is over; nothing more can be sent or changed.
        case finished(ConversationStatus)
    }

    /// A recruiter takes the conversation over: the agent stays silent until handed back. Idempotent.
    package func takeOver(_ id: Conversation.ID, organizationID: Organization.ID, ids: IDGenerator, at now: Date) async throws -> Conversation {
        try await change(id, organizationID: organizationID, ids: ids, at: now) { _, machine in
            guard machine.conversation.status.isActive else { throw ActionError.finished(machine.conversation.status) }
            machine.takeOver(at: now)
            return []
        }
    }

    /// Hands the conversation back to the agent, which asks the question the screening stands at. Idempotent.
    package func handBack(_ id: Conversation.ID, organizationID: Organization.ID, ids: IDGenerator, at now: Date) async throws -> Conversation {
        try await change(id, organizationID: organizationID, ids: ids, at: now) { _, machine in machine.handBack(at: now) }
    }

    /// Sends `content` as the recruiter (role USER) on the conversation's channel; the recruiter takes the
    /// conversation over, so the agent does not talk across them.
    package func sendAsRecruiter(
        _ content: String,
        to id: Conversation.ID,
        organizationID: Organization.ID,
        ids: IDGenerator,
        at now: Date
    ) async throws -> Message {
        var validator = Validator()
        validator.requiredText(content, "content", .message)
        try validator.finish()
        return try await database.transaction { sql in
            guard var conversation = try await Self.find(id, organizationID: organizationID, lock: true, on: sql) else { throw ActionError.notFound }
            guard conversation.status.isActive else { throw ActionError.finished(conversation.status) }
            if !conversation.isHumanTakeover {
                conversation.isHumanTakeover = true
                conversation.needsReview = false
            }
            conversation.updatedAt = now
            try await Self.save(conversation, on: sql)
            let message = try await Self.append([content], role: .user, status: .queued, to: conversation, ids: ids, at: now, on: sql)
            try await Self.enqueueDelivery(conversation, at: now, ids: ids, on: sql)
            guard let sent = message.first else { throw ActionError.notFound }
            return sent
        }
    }

    /// Runs one event on the conversation's state machine in a transaction: saves the result, queues the
    /// texts it returns for delivery, and starts the next queued conversation when this one ended.
    private func change(
        _ id: Conversation.ID,
        organizationID: Organization.ID,
        ids: IDGenerator,
        at now: Date,
        _ event: (any SQLDatabase, inout ConversationMachine) async throws -> [String]
    ) async throws -> Conversation {
        try await database.transaction { sql in
            guard let conversation = try await Self.find(id, organizationID: organizationID, lock: true, on: sql),
                let campaign = try await CampaignRepository.find(conversation.campaignID, organizationID: organizationID, lock: false, on: sql)
            else { throw ActionError.notFound }
            var machine = try await Self.machine(conversation, campaign, on: sql)
            let texts = try await event(sql, &machine)
            try await Self.apply(machine, was: conversation, sending: texts, ids: ids, at: now, on: sql)
            return machine.conversation
        }
    }

    // MARK: Statements for the conversation jobs

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
        if !texts.isEmpty {
            try await append(texts, role: .agent, status: .queued, to: machine.conversation, ids: ids, at: now, on: sql)
            try await enqueueDelivery(machine.conversation, at: now, ids: ids, on: sql)
        }
        if before.status != .optedOut, machine.conversation.status == .optedOut {
            try await recordOptOut(of: machine.conversation, ids: ids, at: now, on: sql)
        } else if before.status.isActive {
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
        let others = try await activeConversations(
            organizationID: conversation.organizationID, channel: conversation.channel, contact: conversation.contact, on: sql
        )
        for other in others {
            var closed = other
            closed.status = .closed
            closed.updatedAt = now
            try await save(closed, on: sql)
        }
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
            .set(model: try ConversationRecord(conversation), keyEncodingStrategy: .convertToSnakeCase)
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
                channel: conversation.channel, deliveryStatus: status, createdAt: now
            )
            try await sql.insert(into: "messages")
                .columns("id", "organization_id", "conversation_id", "position", "role", "content", "channel", "delivery_status", "created_at")
                .values(
                    SQLBind(message.id.uuidString), SQLBind(conversation.organizationID.uuidString), SQLBind(conversation.id.uuidString),
                    SQLBind(position), SQLBind(role.rawValue), SQLBind(text), SQLBind(conversation.channel.rawValue),
                    SQLBind(status.rawValue), SQLBind(now.millisecondsSince1970)
                )
                .run()
            messages.append(message)
        }
        return messages
    }

    /// The conversation's messages waiting for the channel, in order.
    package static func queuedMessages(of conversation: Conversation, on sql: any SQLDatabase) async throws -> [Message] {
        try await sql.select().columns("*").from("messages")
            .where("conversation_id", .equal, SQLBind(conversation.id.uuidString))
            .where("delivery_status", .equal, SQLBind(Message.DeliveryStatus.queued.rawValue))
            .orderBy("position").all().map(Message.from)
    }

    /// The candidate's replies not answered yet, oldest first.
    package static func unprocessedReplies(of conversation: Conversation, on sql: any SQLDatabase) async throws -> [Message] {
        try await sql.select().columns("*").from("messages")
            .where("conversation_id", .equal, SQLBind(conversation.id.uuidString))
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

    /// Whether the candidate has written anything in the conversation.
    package static func candidateReplied(in conversation: Conversation, on sql: any SQLDatabase) async throws -> Bool {
        try await sql.select().column("id").from("messages")
            .where("conversation_id", .equal, SQLBind(conversation.id.uuidString))
            .where("role", .equal, SQLBind(Message.Role.candidate.rawValue))
            .limit(1).first() != nil
    }

    /// Queues the job that opens `conversation`, at the next business hours when the conversation asks for them.
    package static func enqueueStart(_ conversation: Conversation, at now: Date, ids: IDGenerator, on sql: any SQLDatabase) async throws {
        try await JobQueue.enqueue(
            .init(
                organizationID: conversation.organizationID, kind: JobKind.start, payload: JobPayload(conversation).json,
                runAt: conversation.openingTime(from: now),
                idempotencyKey: "start:\(conversation.id)"
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
        try await sql.select().columns("*").from("conversations")
            .where("organization_id", .equal, SQLBind(organizationID.uuidString))
            .where("channel", .equal, SQLBind(channel.rawValue))
            .where("contact", .equal, SQLBind(contact))
            .where("status", .in, [ConversationStatus.created, .queued, .ongoing].map(\.rawValue))
            .orderBy("created_at").orderBy("id")
            .all()
            .map(ConversationRecord.conversation(from:))
    }

    /// Closes one conversation without a message, making way for a newer one.
    private static func close(_ conversation: Conversation, ids: IDGenerator, at now: Date, on sql: any SQLDatabase) async throws {
        guard let current = try await find(conversation.id, organizationID: conversation.organizationID, lock: true, on: sql),
            current.status.isActive,
            let campaign = try await CampaignRepository.find(current.campaignID, organizationID: current.organizationID, lock: false, on: sql)
        else { return }
        var machine = try await machine(current, campaign, on: sql)
        _ = machine.close(message: nil, at: now)
        try await apply(machine, was: current, sending: [], ids: ids, at: now, on: sql)
    }
}

/// A reply from a contact with no active conversation, kept so that nothing a candidate sends is lost.
package enum UnmatchedReply {}
