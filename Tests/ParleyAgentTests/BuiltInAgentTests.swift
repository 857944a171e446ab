import Foundation
import ParleyAgent
import ParleyCore
import Testing

@Suite("Built-in agent")
struct BuiltInAgentTests {
    private func text(of decision: AgentDecision) -> String? {
        switch decision {
        case .clarify(let text), .say(let text), .requestHuman(let text), .flagForReview(_, let text): text
        case .answer, .optOut: nil
        }
    }

    private func agentMessage(_ content: String) -> Message {
        Message(
            id: IDGenerator.random.next(), conversationID: IDGenerator.random.next(), position: 1, role: .agent, content: content,
            channel: .sms, deliveryStatus: .delivered, createdAt: AgentFixture.now
        )
    }

    @Test(
        "the candidate's own questions are answered from the campaign when it says",
        arguments: [
            ("What's the pay?", "Pay is £12.50 per hour."), ("where is it?", "The role is in Leeds LS9."),
            ("Is it remote?", "Free parking on site."), ("when does it start?", "Start date is Monday 4 January."),
        ]
    )
    func candidateQuestions(reply: String, answer: String) async throws {
        let decision = try await AgentFixture.decide(reply)
        #expect(decision == .say(answer))
    }

    @Test("HELP names the agent, the company and how to opt out, in either tone", arguments: AgentTone.allCases)
    func help(tone: AgentTone) async throws {
        let decision = try await AgentFixture.decide("HELP", tone: tone)
        let help = try #require(text(of: decision))
        #expect(help.contains("Sam") && help.contains("Northwind Logistics") && help.contains("STOP"))
    }

    @Test("the tone changes the wording")
    func tone() async throws {
        let friendly = try await AgentFixture.decide("asdf", tone: .friendly)
        let professional = try await AgentFixture.decide("asdf", tone: .professional)
        #expect(friendly != professional)
        let friendlyHelp = try await AgentFixture.decide("help", tone: .friendly)
        let professionalHelp = try await AgentFixture.decide("help", tone: .professional)
        #expect(friendlyHelp != professionalHelp)
    }

    @Test("the agent never sends the same sentence twice in a row", arguments: AgentTone.allCases)
    func noRepeats(tone: AgentTone) async throws {
        for reply in ["asdf", "maybe", "yes and no", "hmm", "Is there a pension?"] {
            let firstDecision = try await AgentFixture.decide(reply, question: 0, tone: tone)
            let first = try #require(text(of: firstDecision))
            let secondDecision = try await AgentFixture.decide(reply, question: 0, tone: tone, transcript: [agentMessage(first)])
            let second = try #require(text(of: secondDecision))
            #expect(first != second, "\(reply)")
        }
    }

    @Test("every line fits one SMS segment in plain characters", arguments: AgentTone.allCases)
    func smsSegment(tone: AgentTone) {
        let campaign = AgentFixture.campaign(tone: tone)
        for question in AgentFixture.questions {
            let book = Phrasebook(campaign: campaign, companyName: "Northwind Logistics", question: question)
            for line in Phrasebook.Line.allCases {
                for wording in book.wordings(line) {
                    #expect(wording.count <= 160, "\(wording)")
                    let plain = wording.unicodeScalars.allSatisfy { $0.isASCII }
                    #expect(plain, "\(wording)")
                }
            }
        }
    }

    @Test("a NUMBER question without a minimum takes any number")
    func numberWithoutMinimum() async throws {
        var campaign = AgentFixture.campaign()
        campaign.questions = [Question(type: .number, content: "How many people have you managed?")]
        let conversation = Conversation(
            id: IDGenerator.random.next(), organizationID: IDGenerator.random.next(), campaignID: IDGenerator.random.next(), channel: .sms,
            status: .ongoing, firstName: "Ada", createdAt: AgentFixture.now, updatedAt: AgentFixture.now
        )
        let context = AgentContext(campaign: campaign, companyName: "Acme", conversation: conversation, reply: "none", now: AgentFixture.now)
        let decision = BuiltInAgent().decision(for: context)
        #expect(decision == .answer(question: 0, .passed, summary: "none"))
    }
}
