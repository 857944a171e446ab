package import Foundation
package import ParleyCore
import SQLKit

/// Conversations and their messages. Every statement is scoped by organization id. Starting a conversation
/// writes it and its start job in one transaction.
package struct ConversationRepository: Sendable {
    let database: Database

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
        /// Follow up with a candidate who has gone quiet.
        package static let nudge = "conversation.nudge"
        /// Close a conversation whose candidate stayed quiet for the campaign's timeout.
        package static let timeout = "conversation.timeout"
    }

    /// What a conversation job carries.
    package struct JobPayload: Codable, Sendable {
        package var conversationId: String
        package var organizationId: String
        /// For follow-ups and timeouts: the moment the agent started waiting, in milliseconds since 1970. The job
        /// does nothing once the conversation has moved on from it.
        package var waitingSince: Int64?

        package init(_ conversation: Conversation, waitingSince: Date? = nil) {
            conversationId = conversation.id.uuidString
            organizationId = conversation.organizationID.uuidString
            self.waitingSince = waitingSince?.millisecondsSince1970
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
            if Self.canInsertTogether(contacts) { return try await Self.insertMany(contacts, in: campaign, ids: ids, at: now, on: sql) }
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

    /// The error for a contact who opted out of the channel.
    static func optedOutError(_ channel: Channel) -> ValidationError {
        ValidationError(
            field: channel == .email ? "emailAddress" : "phoneNumber",
            rule: "opted out of \(channel.rawValue) messages from this organization; nothing can be sent to it"
        )
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
            throw optedOutError(channel)
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
        var meetingTemplateID: MeetingTemplate.ID?
        if let definition = fields.meetingTemplate {
            let books = campaign.settings.type == .scheduling || campaign.settings.closingMethod == .calendarMeetingIntegration
            guard books else {
                throw ValidationError(
                    field: "campaignId", rule: "must be a SCHEDULING campaign or close with CALENDAR_MEETING_INTEGRATION to book a meeting")
            }
            meetingTemplateID = try await MeetingTemplateRepository.create(
                definition, organizationID: campaign.organizationID, ids: ids, at: now, on: sql
            ).id
        }
        let conversation = newConversation(fields, in: campaign, queued: !active.isEmpty, meetingTemplateID: meetingTemplateID, ids: ids, at: now)
        try await sql.insert(into: "conversations").model(try ConversationRecord(conversation)).run()
        if conversation.status == .created {
            try await enqueueStart(conversation, at: now, ids: ids, on: sql)
        } else {
            try await Self.recordEvent(.queued, of: conversation, ids: ids, at: now, on: sql)
        }
        return conversation
    }

    /// A new conversation of `campaign` with the contact in `fields`: QUEUED behind another active conversation of
    /// the contact, else CREATED.
    static func newConversation(
        _ fields: ConversationFields, in campaign: Campaign, queued: Bool, meetingTemplateID: MeetingTemplate.ID?, ids: IDGenerator, at now: Date
    ) -> Conversation {
        Conversation(
            id: ids.next(), organizationID: campaign.organizationID, campaignID: campaign.id, channel: campaign.settings.channel,
            status: queued ? .queued : .created, firstName: fields.firstName, lastName: fields.lastName,
            phoneNumber: fields.phoneNumber, emailAddress: fields.emailAddress, externalID: fields.externalID,
            externalCampaignID: campaign.settings.externalCampaignID, applicationSource: fields.applicationSource,
            openingMessage: fields.openingMessage, sendDuringBusinessHours: fields.shouldSendDuringBusinessHours,
            meetingTemplateID: meetingTemplateID, createdAt: now, updatedAt: now
        )
    }

    /// What asking a model cost the conversation so far; `nil` when none was asked.
    package func modelUsage(of conversation: Conversation) async throws -> ModelUsage? {
        try await database.read { sql in try await Self.modelUsage(of: conversation.id, on: sql) }
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
        let after = try PageCursor.parse(nextToken)
        return try await database.read { sql in
            var query = sql.select().columns("*").from("conversations").where("organization_id", .equal, SQLBind(organizationID.uuidString))
            if let campaignID = filter.campaignID { query = query.where("campaign_id", .equal, SQLBind(campaignID.uuidString)) }
            if let externalID = filter.externalID { query = query.where("external_id", .equal, SQLBind(externalID)) }
            if let externalCampaignID = filter.externalCampaignID {
                query = query.where("external_campaign_id", .equal, SQLBind(externalCampaignID))
            }
            if let status = filter.status { query = query.where("status", .equal, SQLBind(status.rawValue)) }
            if let needsReview = filter.needsReview { query = query.where("needs_review", .equal, SQLBind(needsReview)) }
            let rows = try await query.newestFirst(in: "conversations", after: after, limit: limit).all()
            let conversations = try rows.prefix(limit).map(ConversationRecord.conversation(from:))
            let next = PageCursor.nextToken(rows: rows.count, limit: limit, last: conversations.last) {
                PageCursor(key: $0.createdAt.millisecondsSince1970, id: $0.id.uuidString)
            }
            return Page(items: conversations, nextToken: next)
        }
    }

    /// One page of a conversation's messages, oldest first; `nil` when the organization has no such conversation.
    package func messages(of id: Conversation.ID, organizationID: Organization.ID, limit: Int, nextToken: String?) async throws -> Page<Message>? {
        let after = try PageCursor.parse(nextToken)
        return try await database.read { sql in
            guard try await Self.find(id, organizationID: organizationID, lock: false, on: sql) != nil else { return nil }
            var query = sql.select().columns("*").from("messages")
                .where("organization_id", .equal, SQLBind(organizationID.uuidString))
                .where("conversation_id", .equal, SQLBind(id.uuidString))
            if let after { query = query.where("position", .greaterThan, SQLBind(after.key)) }
            let rows = try await query.orderBy("position").limit(limit + 1).all()
            let messages = try rows.prefix(limit).map(Message.from)
            let next = PageCursor.nextToken(rows: rows.count, limit: limit, last: messages.last) {
                PageCursor(key: Int64($0.position), id: $0.id.uuidString)
            }
            return Page(items: messages, nextToken: next)
        }
    }

    /// What became of a candidate's message.
    package enum Received: Sendable, Equatable {
        /// Stored in its conversation, with the job that answers it.
        case stored(Message)
        /// The provider delivered this message before; nothing changed.
        case duplicate
        /// No active conversation matched; the message was kept as unmatched.
        case unmatched
    }

    /// Stores a candidate's reply for the contact's active conversation on `channel`, with the job that answers
    /// it, or keeps it as unmatched when the contact has no active conversation.
    ///
    /// - Parameters:
    ///   - providerMessageID: The provider's id for the message: a second delivery of it changes nothing.
    ///   - conversationID: The conversation the reply names (an email's reply address); it must be the
    ///     contact's and active.
    package func receive(
        _ content: String,
        from contact: String,
        channel: Channel,
        organizationID: Organization.ID,
        providerMessageID: String? = nil,
        conversationID: Conversation.ID? = nil,
        ids: IDGenerator,
        at now: Date
    ) async throws -> Received {
        let contact = Conversation.contactKey(contact, on: channel)
        return try await database.transaction { sql in
            if let providerMessageID, try await Self.hasMessage(providerMessageID, channel: channel, organizationID: organizationID, on: sql) {
                return .duplicate
            }
            let active = try await Self.activeConversations(organizationID: organizationID, channel: channel, contact: contact, on: sql)
            // A candidate who passed and was offered meeting times may still answer the offer, while a time on it is to come.
            let offering = try await Self.conversationsOfferingSlots(organizationID: organizationID, channel: channel, contact: contact, on: sql)
                .filter { $0.offeredSlots.contains { $0.start > now } }
            guard let conversation = (active + offering).first(where: { conversationID == nil || $0.id == conversationID }),
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
                return .unmatched
            }
            // Locked first, as every job that writes to the conversation does, so two messages never take one position.
            _ = try await Self.find(conversation.id, organizationID: organizationID, lock: true, on: sql)
            guard
                let message = try await Self.append(
                    [content], role: .candidate, status: .received, providerMessageID: providerMessageID, to: conversation, ids: ids, at: now,
                    on: sql
                ).first
            else { return .unmatched }
            try await Self.enqueueReply(conversation, key: "reply:\(message.id)", at: now, ids: ids, on: sql)
            return .stored(message)
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
            if conversation.isHumanTakeover {
                conversation.updatedAt = now
            } else {
                conversation.markTakenOver(at: now)
            }
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
}

/// A reply from a contact with no active conversation, kept so that nothing a candidate sends is lost.
package enum UnmatchedReply {}
