package import ParleyCore

/// Reads a candidate's reply and proposes what to do about it, as an ``AgentDecision``.
///
/// Implemented by ``BuiltInAgent`` (deterministic, offline) and, later, by a language-model agent. An agent only
/// proposes: ``ConversationMachine`` decides whether the proposal is allowed and what it changes, and opt-out
/// words never reach an agent.
///
/// ```swift
/// let decision = try await agent.decide(AgentContext(campaign: settings, conversation: conversation, reply: "yep"))
/// let replies = machine.receive("yep", decision: decision, at: now)
/// ```
package protocol ConversationAgent: Sendable {
    /// The decision about `context.reply`.
    func decide(_ context: AgentContext) async throws -> AgentDecision
}

/// What an agent sees: the campaign, the conversation and its screening state, the transcript so far, and the
/// reply to judge.
package struct AgentContext: Sendable {
    package var campaign: CampaignSettings
    package var conversation: Conversation
    /// Every message of the conversation so far, oldest first, the reply included.
    package var transcript: [Message]
    package var reply: String

    package init(campaign: CampaignSettings, conversation: Conversation, transcript: [Message] = [], reply: String) {
        self.campaign = campaign
        self.conversation = conversation
        self.transcript = transcript
        self.reply = reply
    }

    /// The question the reply answers, if any is open.
    package var currentQuestion: Question? {
        let index = conversation.outcomes.count
        return index < campaign.questions.count ? campaign.questions[index] : nil
    }
}
