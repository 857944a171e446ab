package import Foundation
package import ParleyCore
package import SQLKit

/// Follow-ups, timeouts and conversation events, written in the caller's transaction.
extension ConversationRepository {
    /// When the agent has just started waiting on the candidate, queues the first follow-up and the timeout,
    /// both keyed to that moment so a later turn makes them do nothing.
    package static func scheduleFollowUps(
        _ machine: ConversationMachine,
        was before: Conversation,
        at now: Date,
        ids: IDGenerator,
        on sql: any SQLDatabase
    ) async throws {
        let conversation = machine.conversation
        guard let since = conversation.awaitingReplySince, since != before.awaitingReplySince else { return }
        try await enqueueNudge(1, of: conversation, campaign: machine.campaign, waitingSince: since, after: since, at: now, ids: ids, on: sql)
        let hours = TimeInterval(machine.campaign.conversationTimeoutHours) * 3600
        try await JobQueue.enqueue(
            .init(
                organizationID: conversation.organizationID, kind: JobKind.timeout,
                payload: JobPayload(conversation, waitingSince: since).json, runAt: since.addingTimeInterval(hours),
                idempotencyKey: "timeout:\(conversation.id):\(since.millisecondsSince1970)"
            ),
            at: now, ids: ids, on: sql
        )
    }

    /// Queues follow-up `number` one interval after `previous`, within business hours when the conversation
    /// asks for them; nothing when the campaign allows no more.
    package static func enqueueNudge(
        _ number: Int,
        of conversation: Conversation,
        campaign: CampaignSettings,
        waitingSince since: Date,
        after previous: Date,
        at now: Date,
        ids: IDGenerator,
        on sql: any SQLDatabase
    ) async throws {
        guard number <= campaign.maxNudges else { return }
        let due = previous.addingTimeInterval(TimeInterval(campaign.nudgeIntervalHours) * 3600)
        try await JobQueue.enqueue(
            .init(
                organizationID: conversation.organizationID, kind: JobKind.nudge,
                payload: JobPayload(conversation, waitingSince: since).json, runAt: try await sendingTime(conversation, from: due, on: sql),
                idempotencyKey: "nudge:\(conversation.id):\(since.millisecondsSince1970):\(number)"
            ),
            at: now, ids: ids, on: sql
        )
    }

    /// When a message to `conversation` may go out from `date`, under its organization's business hours.
    static func sendingTime(_ conversation: Conversation, from date: Date, on sql: any SQLDatabase) async throws -> Date {
        guard conversation.sendDuringBusinessHours else { return date }
        let hours = try await OrganizationRepository.businessHours(of: conversation.organizationID, on: sql)
        return conversation.sendingTime(from: date, hours: hours)
    }

    /// The events recorded for a conversation, oldest first, as (event, data) pairs.
    package static func events(of conversationID: Conversation.ID, on sql: any SQLDatabase) async throws -> [(event: String, data: String)] {
        try await sql.select().columns("event", "data").from("conversation_events")
            .where("conversation_id", .equal, SQLBind(conversationID.uuidString))
            .orderBy("created_at").orderBy("id")
            .all()
            .map { (try $0.decode(column: "event", as: String.self), try $0.decode(column: "data", as: String.self)) }
    }
}

/// What the language model cost per conversation.
extension ConversationRepository {
    /// Adds `usage` to the conversation's running totals.
    package static func recordModelUsage(_ usage: ModelUsage, of conversation: Conversation, at now: Date, on sql: any SQLDatabase) async throws {
        try await sql.raw(
            """
            INSERT INTO model_usage (conversation_id, organization_id, calls, prompt_tokens, completion_tokens, latency_ms, updated_at)
            VALUES (\(bind: conversation.id.uuidString), \(bind: conversation.organizationID.uuidString), \(bind: usage.calls),
                \(bind: usage.promptTokens), \(bind: usage.completionTokens), \(bind: usage.latencyMilliseconds), \(bind: now.millisecondsSince1970))
            ON CONFLICT (conversation_id) DO UPDATE SET
                calls = model_usage.calls + excluded.calls,
                prompt_tokens = model_usage.prompt_tokens + excluded.prompt_tokens,
                completion_tokens = model_usage.completion_tokens + excluded.completion_tokens,
                latency_ms = model_usage.latency_ms + excluded.latency_ms,
                updated_at = excluded.updated_at
            """
        ).run()
    }

    /// The conversation's model usage so far; `nil` when no model was asked.
    package static func modelUsage(of conversationID: Conversation.ID, on sql: any SQLDatabase) async throws -> ModelUsage? {
        try await sql.select().columns("calls", "prompt_tokens", "completion_tokens", "latency_ms").from("model_usage")
            .where("conversation_id", .equal, SQLBind(conversationID.uuidString))
            .first()
            .map { row in
                ModelUsage(
                    calls: try row.decode(column: "calls", as: Int.self), promptTokens: try row.decode(column: "prompt_tokens", as: Int.self),
                    completionTokens: try row.decode(column: "completion_tokens", as: Int.self),
                    latencyMilliseconds: Int(try row.decode(column: "latency_ms", as: Int64.self))
                )
            }
    }
}
