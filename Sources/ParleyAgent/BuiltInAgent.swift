import Foundation
package import ParleyCore

/// The embedded agent: understands yes and no in their everyday forms with no model and no network, and
/// written requests to stop. Free-text questions take the reply as the answer; a mixed or unreadable reply is
/// asked about once, then flagged for a person.
package struct BuiltInAgent: ConversationAgent {
    package init() {}

    package func decide(_ context: AgentContext) async throws -> AgentDecision {
        let index = context.conversation.outcomes.count
        guard let question = context.currentQuestion else {
            return .flagForReview(reason: "reply after screening", reply: "Thanks for your message! A recruiter will get back to you.")
        }
        let reply = context.reply.trimmingCharacters(in: .whitespacesAndNewlines)
        if OptOutPhrases.matches(reply) { return .optOut }
        switch question.type {
        case .freeText, .document:
            return .answer(question: index, .passed, summary: reply)
        case .yesNo:
            switch YesNo.read(reply) {
            case .yes: return .answer(question: index, .passed, summary: reply)
            case .no: return .answer(question: index, .failed, summary: reply)
            case .mixed: return .clarify("Thanks! Just to be sure: \(question.content) Is that a yes or a no overall?")
            case nil: return .clarify("Sorry, I didn't quite get that. \(question.content) Please answer yes or no.")
            }
        }
    }
}
