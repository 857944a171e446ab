import Foundation
package import ParleyCore

/// The embedded agent: reads everyday replies with no model and no network.
///
/// It understands yes and no in their casual forms, numbers and durations, picks among a question's options,
/// written requests to stop, HELP, requests for a person, and the candidate's own questions about pay, place,
/// remote work, hours, start and benefits, answered from the campaign when it says. A mixed, hedged or
/// unreadable reply is asked about once; the ``ConversationMachine`` flags a second one for a person. Text that
/// reads as an instruction to the agent is just an unclear answer.
package struct BuiltInAgent: ConversationAgent {
    /// The longest summary kept of a candidate's answer.
    static let summaryLimit = 500

    package init() {}

    package func decide(_ context: AgentContext) async throws -> AgentTurn {
        AgentTurn(decision: decision(for: context))
    }

    /// The decision about `context.reply`.
    package func decision(for context: AgentContext) -> AgentDecision {
        let phrasebook = Phrasebook(campaign: context.campaign, companyName: context.companyName, question: context.currentQuestion)
        let previous = context.transcript.last { $0.role == .agent }?.content
        func say(_ line: Phrasebook.Line) -> String { phrasebook.say(line, after: previous) }

        let reply = context.reply.trimmingCharacters(in: .whitespacesAndNewlines)
        let text = ReplyText(reply)
        if OptOutKeywords.matches(reply) || OptOutPhrases.matches(reply) { return .optOut }
        guard let question = context.currentQuestion else {
            return .flagForReview(reason: "reply after screening", reply: say(.afterScreening))
        }
        if ["help", "info"].contains(text.text) { return .say(say(.help)) }
        if HumanRequest.matches(reply) { return .requestHuman(reply: say(.humanRequested)) }
        if OptOutPhrases.declines(reply) { return .flagForReview(reason: "candidate declined", reply: say(.declined)) }
        if Instruction.matches(text) { return .clarify(say(.notUnderstood)) }

        let reading = Reading(text, question: question, now: context.now)
        if CandidateQuestion.isQuestion(reply) {
            // A question about the role is answered even beside an answer ("yes, what's the pay?"); the screening
            // question is asked again after it.
            if CandidateQuestion.asksAboutRole(reply) {
                if let answer = CandidateQuestion.answer(reply, from: context.campaign) { return .say(answer) }
                return .flagForReview(reason: "candidate question", reply: say(.questionForRecruiter))
            }
            // Any other real question ("do you sponsor visas?") is for a person; "what?" or "??" asks us to rephrase.
            if !reading.isAnswer, YesNo.read(text) == nil, text.words.count > 2 {
                return .flagForReview(reason: "candidate question", reply: say(.questionForRecruiter))
            }
        }
        let index = context.conversation.outcomes.count
        let summary = String(reply.prefix(Self.summaryLimit))
        switch reading {
        case .passed: return .answer(question: index, .passed, summary: summary)
        case .failed: return .answer(question: index, .failed, summary: summary)
        case .unclear(let line): return .clarify(say(line))
        }
    }
}

/// What a reply says about the current question.
private enum Reading {
    case passed
    case failed
    /// Not an answer yet; ask with this line.
    case unclear(Phrasebook.Line)

    var isAnswer: Bool {
        if case .unclear = self { return false }
        return true
    }

    init(_ text: ReplyText, question: Question, now: Date) {
        let yesNo = YesNo.read(text)
        switch question.type {
        case .yesNo:
            switch yesNo {
            case .yes: self = question.passesOnNo ? .failed : .passed
            case .no: self = question.passesOnNo ? .passed : .failed
            case .mixed: self = .unclear(.mixedYesNo)
            case .unsure: self = .unclear(.unsureYesNo)
            case nil: self = .unclear(.notUnderstoodYesNo)
            }
        case .number:
            let unit = QuantityUnit(question: question.content)
            let amount = NumberReading.read(text, unit: unit, now: now) ?? (yesNo == .no ? 0 : nil)
            guard let amount else {
                self = .unclear(.askNumber)
                return
            }
            self = amount >= (question.minimum ?? 0) ? .passed : .failed
        case .multipleChoice:
            let options = question.options ?? []
            switch ChoiceReading.read(text, options: options) {
            case .picked(let picked):
                let ideal = question.idealAnswer.flatMap { ideal in options.firstIndex { $0.caseInsensitiveCompare(ideal) == .orderedSame } }
                self = ideal.map(picked.contains) ?? true ? .passed : .failed
            case .neither: self = .failed
            case .unsure, nil: self = .unclear(.askChoice)
            }
        case .freeText, .document:
            let hedgeOnly = yesNo == .unsure && text.words.count <= 3
            self = text.text.isEmpty || hedgeOnly ? .unclear(.notUnderstood) : .passed
        }
    }
}
