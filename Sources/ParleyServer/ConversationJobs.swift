import Foundation
import Logging
import ParleyAPI
import ParleyAgent
import ParleyCore
import ParleyStore
import SQLKit

/// The background work of conversations: opening them, handing messages to the channel, and answering replies.
/// Each job locks its conversation, lets ``ConversationMachine`` decide, and writes the new state, the messages
/// and any follow-up job in one transaction. Every job is safe to run twice: it checks what is already done.
///
/// Handing messages to the channel is ``MessageDelivery``'s job.
struct ConversationJobs: Sendable {
    let database: Database
    let agents: Agents
    let delivery: MessageDelivery
    /// Signs booking links.
    let keyring: SecretKeyring
    /// The server's public base URL, which booking links start with.
    let publicURL: String
    let metrics: ModelMetrics
    /// Offers meeting times and books the candidate's pick.
    let scheduler: Scheduler
    let ids: IDGenerator
    let clock: WallClock
    let logger: Logger

    /// The handler for each conversation job kind.
    var handlers: [String: JobWorker.Handler] {
        [
            ConversationRepository.JobKind.start: start,
            ConversationRepository.JobKind.deliver: delivery.deliver,
            ConversationRepository.JobKind.reply: reply,
            ConversationRepository.JobKind.nudge: nudge,
            ConversationRepository.JobKind.timeout: timeOut,
        ]
    }

    /// Writes the opening messages of a CREATED conversation and queues their delivery.
    func start(_ job: Job) async throws {
        // Opened before the transaction: opening it the first time may write to the database.
        let box = try await keyring.box()
        try await withConversation(job) { sql, conversation, campaign in
            // Run twice (a worker died after committing), the opening is already written: write it once only.
            guard conversation.status == .created, !(try await hasOutboundMessages(conversation, on: sql)) else { return }
            let template = try await openingTemplate(campaign, on: sql)
            let machine = try await ConversationRepository.machine(conversation, campaign, on: sql)
            let now = clock.now()
            let opening = BookingLink.fill(
                machine.openingMessages(openingTemplate: template), conversation: conversation.id, baseURL: publicURL, box: box, at: now
            )
            try await ConversationRepository.append(opening, role: .agent, status: .queued, to: conversation, ids: ids, at: now, on: sql)
            try await ConversationRepository.enqueueDelivery(conversation, at: now, ids: ids, on: sql)
        }
    }

    /// Follows up with a candidate who has been quiet since the job's moment, and queues the next follow-up, or
    /// records that every one has gone out.
    func nudge(_ job: Job) async throws {
        let since = try waitingSince(job)
        try await withConversation(job) { sql, conversation, campaign in
            var machine = try await ConversationRepository.machine(conversation, campaign, on: sql)
            let now = clock.now()
            let box = try await keyring.box()
            let texts = BookingLink.fill(
                machine.nudge(waitingSince: since, at: now), conversation: conversation.id, baseURL: publicURL, box: box, at: now)
            guard !texts.isEmpty else { return }
            try await ConversationRepository.apply(machine, was: conversation, sending: texts, ids: ids, at: now, on: sql)
            let sent = machine.conversation.nudgesSent
            if machine.hasSentEveryNudge {
                try await ConversationRepository.recordEvent(
                    .maxNudgesReached, of: machine.conversation, extra: ["nudgesSent": sent], ids: ids, at: now, on: sql
                )
            } else {
                try await ConversationRepository.enqueueNudge(
                    sent + 1, of: machine.conversation, campaign: campaign.settings, waitingSince: since, after: now, at: now, ids: ids, on: sql
                )
            }
        }
    }

    /// Closes a conversation whose candidate stayed quiet since the job's moment for the campaign's timeout.
    func timeOut(_ job: Job) async throws {
        let since = try waitingSince(job)
        try await withConversation(job) { sql, conversation, campaign in
            var machine = try await ConversationRepository.machine(conversation, campaign, on: sql)
            let now = clock.now()
            machine.timeOut(waitingSince: since, at: now)
            try await ConversationRepository.apply(machine, was: conversation, sending: [], ids: ids, at: now, on: sql)
        }
    }

    /// Answers the candidate's unanswered replies, oldest first: a pick among offered meeting times is booked
    /// (``answerSlotReply(_:)``), anything else goes to the agent.
    ///
    /// The agent (a model may take seconds) decides outside any transaction, from a snapshot. The answers are
    /// then written in one transaction only if the conversation and its unanswered replies are still what the
    /// agent saw; otherwise it decides again from the new state.
    func reply(_ job: Job) async throws {
        // Every turn of the job, over every attempt, shares one model budget, so the job ends within its lease.
        let deadline = ContinuousClock.now + agents.budget
        var conflicts = 0
        // Each pass answers at least one reply or counts a conflict, so the loop ends.
        while let snapshot = try await replySnapshot(job) {
            let answered =
                snapshot.machine.readsAsSlotPick(snapshot.replies[0].content)
                ? try await answerSlotReply(snapshot) : try await answerWithAgent(snapshot, deadline: deadline)
            if !answered {
                conflicts += 1
                if conflicts == Self.replyAttempts { throw ConversationChangedError() }
            }
        }
    }

    /// Lets the agent answer the snapshot's replies up to the first one that picks a meeting time; `false` when the
    /// conversation changed meanwhile and nothing was written.
    private func answerWithAgent(_ snapshot: ReplySnapshot, deadline: ContinuousClock.Instant) async throws -> Bool {
        let now = clock.now()
        var machine = snapshot.machine
        var texts: [String] = []
        var usage: ModelUsage?
        var answered: [Message] = []
        for reply in snapshot.replies {
            if machine.readsAsSlotPick(reply.content) { break }
            answered.append(reply)
            let state = machine.conversation
            var decision: AgentDecision?
            if machine.asksAgent(about: reply.content) {
                let context = AgentContext(
                    campaign: snapshot.campaign.settings, companyName: machine.companyName, conversation: state,
                    transcript: snapshot.transcript.filter { $0.position <= reply.position }, reply: reply.content, now: now
                )
                let agent = agents.agent(for: snapshot.campaign.settings.agentKind, conversation: state, deadline: deadline)
                let turn = try await agent.decide(context)
                decision = turn.decision
                if let reason = turn.fallbackReason {
                    logger.warning(
                        "the model's answer was not used; the built-in agent took the turn",
                        metadata: ["conversation": "\(state.id)", "reason": "\(reason)"]
                    )
                }
                if let spent = turn.usage {
                    usage = (usage ?? ModelUsage()) + spent
                    metrics.record(spent)
                }
            }
            texts += machine.receive(reply.content, decision: decision, at: now)
        }
        if texts.contains(where: { $0.contains(MessagePlaceholder.slotOfferMarker) }) {
            texts = try await fillSlotOffer(texts, machine: &machine, at: now)
        }
        return try await write(snapshot, answering: answered, machine: machine, sending: texts, at: now) { sql in
            if let usage { try await ConversationRepository.recordModelUsage(usage, of: snapshot.machine.conversation, at: now, on: sql) }
        }
    }

    /// Writes the machine's new state and `texts` and marks `answered` processed, in one transaction with `body`,
    /// if the conversation and its unanswered replies are still what the snapshot saw.
    func write(
        _ snapshot: ReplySnapshot, answering answered: [Message], machine: ConversationMachine, sending texts: [String], at now: Date,
        _ body: (any SQLDatabase) async throws -> Void = { _ in }
    ) async throws -> Bool {
        try await write(snapshot, answering: answered, at: now) { sql in
            try await body(sql)
            return (machine, texts)
        }
    }

    /// Marks `answered` processed and writes what `decide` returns (the machine's new state and the texts to send,
    /// booking links filled in), in one transaction, if the conversation and its unanswered replies are still what
    /// the snapshot saw; `false` otherwise.
    func write(
        _ snapshot: ReplySnapshot, answering answered: [Message], at now: Date,
        decide: (any SQLDatabase) async throws -> (machine: ConversationMachine, texts: [String])
    ) async throws -> Bool {
        let box = try await keyring.box()
        let before = snapshot.machine.conversation
        return try await database.transaction { sql in
            guard let current = try await ConversationRepository.find(before.id, organizationID: before.organizationID, lock: true, on: sql),
                current == before,
                try await ConversationRepository.unprocessedReplies(ofConversation: current.id, on: sql).map(\.id) == snapshot.replies.map(\.id)
            else { return false }
            for reply in answered { try await ConversationRepository.markProcessed(reply, at: now, on: sql) }
            let (machine, texts) = try await decide(sql)
            let filled = BookingLink.fill(texts, conversation: machine.conversation.id, baseURL: publicURL, box: box, at: now)
            try await ConversationRepository.apply(machine, was: current, sending: filled, ids: ids, at: now, on: sql)
            return true
        }
    }

    /// How often a reply job decides again because the conversation changed while its agent was thinking.
    static let replyAttempts = 3

    /// The conversation kept changing while the agent decided; the job is retried later.
    struct ConversationChangedError: Error {}

    /// What the agent decides from: the conversation's state machine, its campaign, its unanswered replies, and
    /// the transcript up to the last of them. `nil` when there is nothing to answer.
    private func replySnapshot(_ job: Job) async throws -> ReplySnapshot? {
        let (conversationID, organizationID) = try Self.ids(of: job)
        return try await database.read { sql in
            // The replies first: every job ends with a pass that finds none, and that pass needs nothing else.
            let replies = try await ConversationRepository.unprocessedReplies(ofConversation: conversationID, on: sql)
            guard !replies.isEmpty else { return nil }
            guard let conversation = try await ConversationRepository.find(conversationID, organizationID: organizationID, lock: false, on: sql),
                let campaign = try await CampaignRepository.find(conversation.campaignID, organizationID: organizationID, lock: false, on: sql)
            else { throw PermanentJobFailure("the conversation or its campaign no longer exists") }
            // A reply that beat the opening waits until the opening has gone out (the conversation is ONGOING); it is
            // answered then, so the candidate is asked before their answer counts.
            guard conversation.status != .created else { return nil }
            let machine = try await ConversationRepository.machine(conversation, campaign, on: sql)
            return ReplySnapshot(
                machine: machine, campaign: campaign, replies: replies,
                transcript: try await ConversationRepository.transcript(of: conversation, upTo: replies[replies.count - 1], on: sql)
            )
        }
    }

    struct ReplySnapshot: Sendable {
        var machine: ConversationMachine
        var campaign: Campaign
        var replies: [Message]
        var transcript: [Message]
    }

    // MARK: Helpers

    private func waitingSince(_ job: Job) throws -> Date {
        guard let payload = try? JSONDecoder().decode(ConversationRepository.JobPayload.self, from: Data(job.payload.utf8)),
            let since = payload.waitingSince
        else { throw PermanentJobFailure("a follow-up job without the moment it waits from") }
        return Date(millisecondsSince1970: since)
    }

    private static func ids(of job: Job) throws -> (Conversation.ID, Organization.ID) {
        guard let payload = try? JSONDecoder().decode(ConversationRepository.JobPayload.self, from: Data(job.payload.utf8)),
            let ids = payload.ids
        else { throw PermanentJobFailure("malformed conversation job payload") }
        return ids
    }

    private func withConversation(
        _ job: Job,
        _ body: (any SQLDatabase, Conversation, Campaign) async throws -> Void
    ) async throws {
        try await Self.withConversation(job, in: database, body)
    }

    /// Runs `body` in a transaction with the job's conversation locked, and its campaign.
    static func withConversation<Result: Sendable>(
        _ job: Job,
        in database: Database,
        _ body: (any SQLDatabase, Conversation, Campaign) async throws -> Result
    ) async throws -> Result {
        let (conversationID, organizationID) = try ids(of: job)
        return try await database.transaction { sql in
            guard let conversation = try await ConversationRepository.find(conversationID, organizationID: organizationID, lock: true, on: sql),
                let campaign = try await CampaignRepository.find(conversation.campaignID, organizationID: organizationID, lock: false, on: sql)
            else { throw PermanentJobFailure("the conversation or its campaign no longer exists") }
            return try await body(sql, conversation, campaign)
        }
    }

    private func openingTemplate(_ campaign: Campaign, on sql: any SQLDatabase) async throws -> String? {
        guard let id = campaign.settings.openingMessageTemplateID else { return nil }
        return try await MessageTemplateRepository.find(id, organizationID: campaign.organizationID, on: sql)?.content
    }

    /// Whether anything was written to the candidate yet (their own early replies do not count).
    private func hasOutboundMessages(_ conversation: Conversation, on sql: any SQLDatabase) async throws -> Bool {
        try await sql.select().column("id").from("messages")
            .where("conversation_id", .equal, SQLBind(conversation.id.uuidString))
            .where("role", .in, [Message.Role.agent, .user].map(\.rawValue))
            .limit(1).first() != nil
    }
}
