import Foundation
import ParleyAgent
import ParleyCore
import Testing

@Suite("Built-in agent")
struct BuiltInAgentTests {
    private func decide(_ reply: String, type: QuestionType = .yesNo) async throws -> AgentDecision {
        let campaign = CampaignSettings(
            type: .newCandidateOutreach, channel: .sms, title: "Barista",
            description: "Make great coffee in our roastery. Pay is €15 per hour. The role is fully on site, 30 hours a week.",
            closingMethod: .custom, location: "Berlin Kreuzberg",
            questions: [Question(type: type, content: "Can you work weekends?", isMandatory: true)]
        )
        let conversation = Conversation(
            id: IDGenerator.random.next(), organizationID: IDGenerator.random.next(), campaignID: IDGenerator.random.next(), channel: .sms,
            status: .ongoing, firstName: "Ada", phoneNumber: "+14155551234", createdAt: .now, updatedAt: .now
        )
        return try await BuiltInAgent().decide(AgentContext(campaign: campaign, conversation: conversation, reply: reply))
    }

    @Test(
        "yes in its everyday forms passes, keeping the candidate's words",
        arguments: ["yes", "Yes!", "yep", "Yeah.", "ya", "sure", "sure do", "of course", "👍", "Absolutely", "correct", "I do, since 2019"]
    )
    func yes(reply: String) async throws {
        #expect(try await decide(reply) == .answer(question: 0, .passed, summary: reply))
    }

    @Test(
        "no in its everyday forms fails, keeping the candidate's words",
        arguments: [
            "no", "No.", "nope", "nah", "never", "I can't", "I can’t", "not yet", "not at the moment", "unfortunately not",
            "I don't have one sorry", "no but I'd be happy to learn", "not really", "I'm not",
        ]
    )
    func no(reply: String) async throws {
        #expect(try await decide(reply) == .answer(question: 0, .failed, summary: reply))
    }

    @Test(
        "anything else, or a mixed answer, is asked about",
        arguments: ["maybe", "it depends", "yes but only weekends", "yes and no"])
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

    @Test(
        "a written request to stop opts out",
        arguments: ["please stop texting me", "Remove me from your list", "not interested, don't contact me again"])
    func writtenOptOut(reply: String) async throws {
        #expect(try await decide(reply) == .optOut)
    }

    @Test("HELP names the agent and how to opt out, without moving the screening")
    func help() async throws {
        guard case .say(let text) = try await decide("help") else {
            Issue.record("expected a reply")
            return
        }
        #expect(text.contains("Alex"))
        #expect(text.contains("STOP"))
    }

    @Test("asking for a person asks a recruiter in", arguments: ["Can I talk to a real person?", "I'd rather speak to a recruiter"])
    func human(reply: String) async throws {
        guard case .requestHuman = try await decide(reply) else {
            Issue.record("expected a request for a person")
            return
        }
    }

    @Test(
        "the candidate's own questions are answered from the campaign when it says",
        arguments: [
            ("What's the pay?", "Pay is €15 per hour."), ("where is it?", "The role is in Berlin Kreuzberg."),
            ("Is it remote?", "The role is fully on site, 30 hours a week."),
        ]
    )
    func candidateQuestions(reply: String, answer: String) async throws {
        #expect(try await decide(reply) == .say(answer))
    }

    @Test("a question the campaign does not answer is flagged for a recruiter")
    func unansweredQuestion() async throws {
        guard case .flagForReview = try await decide("Is there parking?") else {
            Issue.record("expected a flag for review")
            return
        }
    }
}
