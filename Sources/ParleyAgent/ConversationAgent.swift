package import Foundation
package import ParleyCore

/// Reads a candidate's reply and proposes what to do about it, as an ``AgentDecision``.
///
/// Implemented by ``BuiltInAgent`` (deterministic, offline) and ``LLMAgent`` (a language model). An agent only
/// proposes: ``ConversationMachine`` decides whether the proposal is allowed and what it changes, and opt-out
/// words never reach an agent.
///
/// ```swift
/// let context = AgentContext(campaign: settings, companyName: "Acme", conversation: conversation, reply: "yep", now: clock.now())
/// let turn = try await agent.decide(context)
/// let replies = machine.receive("yep", decision: turn.decision, at: now)
/// ```
package protocol ConversationAgent: Sendable {
    /// The decision about `context.reply`, with what deciding cost.
    func decide(_ context: AgentContext) async throws -> AgentTurn
}

/// An agent's decision about one reply, and what asking a model cost.
package struct AgentTurn: Sendable, Equatable {
    package var decision: AgentDecision
    /// Calls, tokens and time spent on a model this turn, fallbacks included; `nil` when none was asked.
    package var usage: ModelUsage?
    /// Why the model's answer was not used, for the logs (no message text): "HTTP 503, timed out".
    package var fallbackReason: String?

    package init(decision: AgentDecision, usage: ModelUsage? = nil, fallbackReason: String? = nil) {
        self.decision = decision
        self.usage = usage
        self.fallbackReason = fallbackReason
    }
}

/// What an agent sees: the campaign, the conversation and its screening state, the transcript so far, the
/// reply to judge, and the time (from the injected clock, so "since 2019" reads the same in every test).
package struct AgentContext: Sendable {
    package var campaign: CampaignSettings
    /// How the agent names the employer: the campaign's company, else the organization's name.
    package var companyName: String
    package var conversation: Conversation
    /// Every message of the conversation so far, oldest first, the reply included.
    package var transcript: [Message]
    package var reply: String
    package var now: Date

    package init(
        campaign: CampaignSettings,
        companyName: String,
        conversation: Conversation,
        transcript: [Message] = [],
        reply: String,
        now: Date
    ) {
        self.campaign = campaign
        self.companyName = companyName
        self.conversation = conversation
        self.transcript = transcript
        self.reply = reply
        self.now = now
    }

    /// The question the reply answers, if any is open.
    package var currentQuestion: Question? {
        let index = conversation.outcomes.count
        return index < campaign.questions.count ? campaign.questions[index] : nil
    }
}
