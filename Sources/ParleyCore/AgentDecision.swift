/// What an agent proposes after reading a candidate's reply. Deterministic code (``ConversationMachine``)
/// validates every action against the screening state and applies it; an action the state does not allow is
/// refused, so a candidate's words can never move the conversation by instruction.
package enum AgentDecision: Sendable, Equatable {
    /// The reply answers question `question` (its index in the campaign). Applied only when that is the question
    /// the screening stands at, so a question is recorded once and in order.
    case answer(question: Int, ScreeningOutcome.Result, summary: String)
    /// The reply is unclear; ask again with this text.
    case clarify(String)
    /// A person should look at the conversation; tell the candidate this.
    case flagForReview(reason: String, reply: String)
    /// The candidate asked for a person; tell the candidate this.
    case requestHuman(reply: String)
    /// The candidate does not want to be contacted.
    case optOut
    /// Say this and wait, changing nothing (an answer to the candidate's own question, say).
    case say(String)
}
