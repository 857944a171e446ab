import Foundation
package import ParleyCore

/// The embedded agent: understands yes and no in their everyday forms with no model and no network, written
/// requests to stop, HELP, requests for a person, and the candidate's own questions about pay, place, remote
/// work, hours, start and benefits, answered from the campaign's description when it says. Free-text questions take the reply as the answer; a mixed or unreadable reply is
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
        let campaign = context.campaign
        if reply.uppercased().filter(\.isLetter) == "HELP" || reply.uppercased().filter(\.isLetter) == "INFO" {
            return .say("This is \(campaign.agentName), recruiting for \(campaign.title). Reply STOP at any time to opt out.")
        }
        if HumanRequest.matches(reply) {
            return .requestHuman(reply: "Of course. I've asked a recruiter to get in touch with you here.")
        }
        if CandidateQuestion.isQuestion(reply), YesNo.read(reply) == nil {
            if let answer = CandidateQuestion.answer(reply, from: campaign) { return .say(answer) }
            return .flagForReview(reason: "candidate question", reply: "Good question! I'll ask a recruiter to follow up on that.")
        }
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
