import Foundation
import ParleyAgent
import ParleyCore

/// A warehouse campaign with one question of each kind, and a way to ask the built-in agent about a reply to
/// any of them.
enum AgentFixture {
    /// 1 June 2026, so "since 2019" is seven years.
    static let now = Date(timeIntervalSince1970: 1_780_272_000)

    static let questions = [
        Question(type: .yesNo, content: "Do you have the right to work in the UK?", isMandatory: true),
        Question(type: .yesNo, content: "Do you need visa sponsorship?", isMandatory: true, idealAnswer: "NO"),
        Question(type: .number, content: "How many years of warehouse experience do you have?", isMandatory: true, minimum: 1),
        Question(
            type: .multipleChoice, content: "Which shift pattern suits you?", isMandatory: true, idealAnswer: "Nights",
            options: ["Days", "Nights", "Weekends"]
        ),
        Question(type: .freeText, content: "When could you start?"),
        Question(type: .number, content: "How many months have you worked in retail?", isMandatory: true, minimum: 6),
    ]

    static func campaign(tone: AgentTone = .friendly) -> CampaignSettings {
        CampaignSettings(
            type: .newCandidateOutreach, channel: .sms, title: "Warehouse Operative",
            description: "Join our warehouse team picking and packing orders. Pay is £12.50 per hour. "
                + "Shifts are 4 days on, 4 days off, 7am to 7pm. Full training is provided.",
            closingMethod: .custom, company: "Northwind Logistics", location: "Leeds LS9",
            questions: questions, additionalContext: "Start date is Monday 4 January. Free parking on site.",
            agentName: "Sam", agentTone: tone
        )
    }

    /// The agent's decision about `reply` to question `question`, earlier questions answered.
    static func decide(
        _ reply: String, question: Int = 0, tone: AgentTone = .friendly, transcript: [Message] = []
    ) async throws -> AgentDecision {
        let outcomes = questions.prefix(question).enumerated().map {
            ScreeningOutcome(questionIndex: $0.offset, screeningQuestion: $0.element.content, questionOutcome: .passed, responseSummary: "yes")
        }
        let conversation = Conversation(
            id: IDGenerator.random.next(), organizationID: IDGenerator.random.next(), campaignID: IDGenerator.random.next(), channel: .sms,
            status: .ongoing, firstName: "Ada", phoneNumber: "+447700900123", outcomes: outcomes, createdAt: now, updatedAt: now
        )
        let context = AgentContext(
            campaign: campaign(tone: tone), companyName: "Northwind Logistics", conversation: conversation, transcript: transcript,
            reply: reply, now: now
        )
        return BuiltInAgent().decision(for: context)
    }
}
