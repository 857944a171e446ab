import Foundation
import ParleyAgent
import ParleyCore
import Testing

@Suite("Built-in agent")
struct BuiltInAgentTests {
    private func decide(_ reply: String, type: QuestionType = .yesNo) async throws -> AgentDecision {
        let campaign = CampaignSettings(
            type: .newCandidateOutreach, channel: .sms, title: "Barista", description: "Coffee.", closingMethod: .custom,
            questions: [Question(type: type, content: "Can you work weekends?", isMandatory: true)]
        )
        let conversation = Conversation(
            id: IDGenerator.random.next(), organizationID: IDGenerator.random.next(), campaignID: IDGenerator.random.next(), channel: .sms,
            status: .ongoing, firstName: "Ada", phoneNumber: "+14155551234", createdAt: .now, updatedAt: .now
        )
        return try await BuiltInAgent().decide(AgentContext(campaign: campaign, conversation: conversation, reply: reply))
    }

    @Test("plain yes passes, keeping the candidate's words", arguments: ["yes", "Yes!", "yep", "Yeah.", "sure", "of course", "👍", "Absolutely"])
    func yes(reply: String) async throws {
        #expect(try await decide(reply) == .answer(question: 0, .passed, summary: reply))
    }

    @Test("plain no fails, keeping the candidate's words", arguments: ["no", "No.", "nope", "nah", "never", "I can't", "I can’t"])
    func no(reply: String) async throws {
        #expect(try await decide(reply) == .answer(question: 0, .failed, summary: reply))
    }

    @Test("anything else is asked about", arguments: ["maybe", "it depends", "what's the pay?"])
    func unclear(reply: String) async throws {
        guard case .clarify(let text) = try await decide(reply) else {
            Issue.record("expected a clarification")
            return
        }
        #expect(text.contains("Can you work weekends?"))
    }

    @Test("a free-text question takes the reply as the answer")
    func freeText() async throws {
        #expect(try await decide("Since 2019 at Blue Bottle", type: .freeText) == .answer(question: 0, .passed, summary: "Since 2019 at Blue Bottle"))
    }
}
