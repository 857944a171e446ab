package import ParleyCore

/// What the built-in agent says, in the campaign's tone. Each thing to say has several wordings; the agent
/// takes the first that differs from its previous message, so it never sends the same sentence twice in a
/// row. Every wording fits one SMS segment (160 plain characters) once names are filled in.
package struct Phrasebook: Sendable {
    /// Something the agent needs to say.
    package enum Line: Sendable, CaseIterable {
        case notUnderstoodYesNo
        case mixedYesNo
        case unsureYesNo
        case askNumber
        case askChoice
        case notUnderstood
        case help
        case humanRequested
        case questionForRecruiter
        case afterScreening
        case declined
    }

    let campaign: CampaignSettings
    /// How the agent names the employer: the campaign's company, else the organization.
    let companyName: String
    let question: Question?

    package init(campaign: CampaignSettings, companyName: String, question: Question?) {
        self.campaign = campaign
        self.companyName = companyName
        self.question = question
    }

    /// Every wording of `line` in the campaign's tone.
    package func wordings(_ line: Line) -> [String] {
        let friendly = campaign.agentTone == .friendly
        switch line {
        case .notUnderstoodYesNo:
            return friendly
                ? ["Sorry, I didn't quite catch that. Is that a yes or a no?", "Sorry, I'm still not sure. Could you reply yes or no?"]
                : ["Apologies, I could not tell from your reply. Could you answer yes or no?", "To record it correctly, could you reply yes or no?"]
        case .mixedYesNo:
            return friendly
                ? ["Thanks! Just so I get it right: overall, is that a yes or a no?", "Got it, thanks. Overall, would you say yes or no?"]
                : ["Thank you. To record your answer correctly: overall, is it yes or no?", "Understood. Overall, would your answer be yes or no?"]
        case .unsureYesNo:
            return friendly
                ? ["No worries! If you had to choose, would it be yes or no?", "That's fine! Leaning one way, is it more of a yes or a no?"]
                : ["Understood. If you had to choose, would your answer be yes or no?", "Thank you. On balance, would you say yes or no?"]
        case .askNumber:
            let unit =
                switch QuantityUnit(question: question?.content ?? "") {
                case .years: "years"
                case .months: "months"
                case .count: ""
                }
            let amount = unit.isEmpty ? "What number would you say?" : "Roughly how many \(unit) would you say?"
            return friendly
                ? ["\(amount) A number is perfect, like 2 or 5.", "Sorry, I need a number here, like 3 or 10. \(amount)"]
                : ["\(amount) A number is sufficient, for example 2 or 5.", "Could you give me a number, for example 3 or 10?"]
        case .askChoice:
            let options = (question?.options ?? []).enumerated().map { "\($0.offset + 1)) \($0.element)" }.joined(separator: " ")
            return friendly
                ? ["Which one suits you best? Just reply with the number: \(options)", "Sorry, which option is it? \(options)"]
                : ["Which option applies to you? Please reply with its number: \(options)", "Could you choose one option? \(options)"]
        case .notUnderstood:
            return friendly
                ? ["Sorry, I didn't quite catch that. Could you say it another way?", "Sorry, I'm still not sure what you mean. Could you rephrase?"]
                : ["Apologies, I could not follow your reply. Could you rephrase it?", "To record it correctly, could you put it another way?"]
        case .help:
            let who = "\(campaign.agentName) from \(companyName), about the \(campaign.title) role"
            return friendly
                ? ["Hi! This is \(who). Just reply to carry on, or reply STOP to opt out."]
                : ["This is \(who). Reply to continue, or reply STOP to opt out of further messages."]
        case .humanRequested:
            return friendly
                ? ["Of course! I've asked a recruiter to get in touch with you here."]
                : ["Certainly. I have asked a recruiter to contact you here."]
        case .questionForRecruiter:
            return friendly
                ? ["Good question! I'll ask a recruiter to follow up on that.", "I'll pass that on too, a recruiter will get back to you."]
                : ["A good question. A recruiter will follow up with you on it.", "I will pass that on as well; a recruiter will reply."]
        case .declined:
            return friendly
                ? ["Thanks for letting me know! I'll pass that on to the recruiter."]
                : ["Thank you for letting us know. I will pass this on to the recruiter."]
        case .afterScreening:
            return friendly
                ? ["Thanks for your message! A recruiter will get back to you.", "Thanks! I've passed that on to the recruiter."]
                : ["Thank you for your message. A recruiter will reply to you.", "Thank you. I have passed this on to the recruiter."]
        }
    }

    /// The first wording of `line` that is not `previous` (the agent's last message).
    package func say(_ line: Line, after previous: String?) -> String {
        let all = wordings(line)
        guard let previous else { return all[0] }
        return all.first { !previous.contains($0) } ?? all[0]
    }
}
