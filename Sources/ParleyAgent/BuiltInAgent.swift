import Foundation
package import ParleyCore

/// The embedded agent: understands plain yes and no answers with no model and no network. Free-text questions
/// take the reply as the answer; anything it cannot read it asks about once, then flags for a person.
package struct BuiltInAgent: ConversationAgent {
    package init() {}

    package func decide(_ context: AgentContext) async throws -> AgentDecision {
        let index = context.conversation.outcomes.count
        guard let question = context.currentQuestion else {
            return .flagForReview(reason: "reply after screening", reply: "Thanks for your message! A recruiter will get back to you.")
        }
        let reply = context.reply.trimmingCharacters(in: .whitespacesAndNewlines)
        switch question.type {
        case .freeText, .document:
            return .answer(question: index, .passed, summary: reply)
        case .yesNo:
            switch YesNo.read(reply) {
            case .yes: return .answer(question: index, .passed, summary: reply)
            case .no: return .answer(question: index, .failed, summary: reply)
            case nil: return .clarify("Sorry, I didn't quite get that. \(question.content) Please answer yes or no.")
            }
        }
    }
}

/// Plain yes and no.
enum YesNo {
    case yes
    case no

    private static let yesWords: Set<String> = [
        "yes", "y", "yeah", "yep", "yup", "ya", "sure", "absolutely", "correct", "definitely", "of course", "i do", "i can", "i am", "👍",
    ]
    private static let noWords: Set<String> = [
        "no", "n", "nope", "nah", "not really", "never", "i don't", "i do not", "i can't", "i cannot", "i am not", "👎",
    ]

    /// The reply read as yes or no; `nil` when it is neither or both.
    static func read(_ reply: String) -> YesNo? {
        let text = reply.lowercased()
            .replacingOccurrences(of: "’", with: "'")
            .trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters).subtracting(CharacterSet(charactersIn: "'")))
        if yesWords.contains(text) { return .yes }
        if noWords.contains(text) { return .no }
        return nil
    }
}
