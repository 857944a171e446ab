package import Foundation

/// The conversation state machine: pure, synchronous, and the only code that changes a conversation.
///
/// Each event (the conversation starting, the first message accepted or refused, a candidate's reply with the
/// agent's proposed decision, a recruiter taking over or handing back, the campaign closing it) moves
/// ``conversation`` and returns the messages to send. The shell persists the new state and queues those sends in
/// one transaction. Opt-out words are decided here, before any agent; a decision the state does not allow is
/// ignored, so a candidate's message can never change state by instruction.
package struct ConversationMachine: Sendable {
    /// The conversation as the events so far have left it.
    package private(set) var conversation: Conversation
    /// The campaign the conversation belongs to.
    package let campaign: CampaignSettings
    /// How the agent names the employer: the campaign's company, else the organization.
    package let companyName: String

    /// - Parameter companyName: How the agent names the employer: the campaign's company, else the organization.
    package init(conversation: Conversation, campaign: CampaignSettings, companyName: String) {
        self.conversation = conversation
        self.campaign = campaign
        self.companyName = companyName
    }

    /// The messages that open the conversation: the opening text, then the first question if there is one.
    ///
    /// - Parameter openingTemplate: The campaign's opening template text, when it has one.
    package func openingMessages(openingTemplate: String?) -> [String] {
        let opening = render(conversation.openingMessage ?? campaign.customTemplatedMessage ?? openingTemplate ?? defaultOpening)
        if campaign.type == .scheduling, !opening.contains(MessagePlaceholder.bookingLinkMarker) {
            // A SCHEDULING opening exists to carry the link; one written without it gets it added.
            return ["\(opening) Pick a time for your interview here: \(MessagePlaceholder.bookingLinkMarker)"]
        }
        return [opening] + currentQuestionMessages
    }

    /// The provider accepted the first message: CREATED (or QUEUED) becomes ONGOING.
    package mutating func firstMessageAccepted(at now: Date) {
        guard conversation.status == .created || conversation.status == .queued else { return }
        move(to: .ongoing, at: now)
        awaitReply(since: now)
    }

    /// The first message could not be delivered: DELIVERY_FAILED, unless the candidate has already replied.
    package mutating func firstMessageFailed(candidateReplied: Bool, at now: Date) {
        guard conversation.status.isActive, !candidateReplied else { return }
        move(to: .deliveryFailed, at: now)
    }

    /// The candidate unsubscribed without writing (an email's one-click unsubscribe): OPTED_OUT, with nothing
    /// sent back, as RFC 8058 expects.
    package mutating func unsubscribe(at now: Date) {
        guard conversation.status.isActive else { return }
        move(to: .optedOut, at: now)
    }

    /// A message may or may not have reached the candidate (the provider did not answer, or the server stopped
    /// while handing it over). It is never sent again, so a person should look.
    package mutating func deliveryUncertain(at now: Date) {
        guard conversation.status.isActive, !conversation.needsReview else { return }
        conversation.updatedAt = now
        flag("A message may not have reached the candidate: the provider did not confirm it, and it was not sent again.")
    }

    /// Whether an agent should be asked about `reply`: the conversation takes replies, no person has taken it
    /// over, and the reply is not an opt-out word (decided here, without any agent).
    package func asksAgent(about reply: String) -> Bool {
        (conversation.status == .ongoing || conversation.status == .created) && !conversation.isHumanTakeover && !OptOutKeywords.matches(reply)
            && campaign.type != .scheduling && conversation.offeredSlots.isEmpty
    }

    /// Whether the candidate's reply is read as a pick among offered meeting times, or (on a SCHEDULING campaign)
    /// answered with an offer: nobody has taken over, it is not an opt-out word, and the conversation books.
    package func readsAsSlotPick(_ reply: String) -> Bool {
        guard !conversation.isHumanTakeover, !OptOutKeywords.matches(reply) else { return false }
        if !conversation.offeredSlots.isEmpty { return conversation.status.isActive || conversation.status == .completedScreeningPassed }
        return campaign.type == .scheduling && conversation.status == .ongoing && !conversation.needsReview
    }

    /// A candidate's reply with the agent's decision about it (`nil` when no agent was asked, as while a person
    /// has taken over). Returns the texts to send back.
    package mutating func receive(_ reply: String, decision: AgentDecision?, at now: Date) -> [String] {
        if OptOutKeywords.matches(reply), !conversation.offeredSlots.isEmpty, !conversation.status.isActive {
            // A candidate who passed and was offered times opts out: the offer ends and they are OPTED_OUT, so nothing
            // more reaches them on this channel (their screening outcome stays).
            conversation.offeredSlots = []
            return optOut(at: now)
        }
        guard conversation.status == .ongoing || conversation.status == .created else { return [] }
        let texts = respond(to: reply, decision: decision, at: now)
        if campaign.type == .scheduling {
            // A SCHEDULING conversation waits for a booking, not for an answer: its reminders and its one-week close
            // count from the opening, whatever the candidate writes in between.
            if !conversation.status.isActive { conversation.awaitingReplySince = nil }
            return texts
        }
        // The agent now waits on the candidate only if it said something and nobody else has to act first.
        let waits = conversation.status == .ongoing && !conversation.isHumanTakeover && !conversation.needsReview && !texts.isEmpty
        if waits {
            awaitReply(since: now)
        } else {
            conversation.awaitingReplySince = nil
        }
        return texts
    }

    /// Meeting times are offered in the conversation ("reply 1, 2 or 3"); an empty list ends the offer.
    package mutating func offer(_ slots: [DateInterval], at now: Date) {
        conversation.offeredSlots = slots
        conversation.clarificationAsked = false
        conversation.updatedAt = now
    }

    /// The offer ends without a booking (the conversation already has one).
    package mutating func withdrawOffer(at now: Date) {
        offer([], at: now)
    }

    /// The conversation's meeting template is gone: the offer ends and a person is asked to find the candidate a
    /// time; nothing closes the conversation meanwhile.
    package mutating func schedulingUnavailable(at now: Date) {
        offer([], at: now)
        conversation.awaitingReplySince = nil
        flag("the meeting template this conversation books from was deleted")
    }

    /// A reply to an offer named no single time: asks once more, then leaves it to the booking link and a person.
    package mutating func pickUnclear(askAgain text: String, at now: Date) -> [String] {
        conversation.updatedAt = now
        if conversation.clarificationAsked {
            conversation.offeredSlots = []
            conversation.clarificationAsked = false
            // A person finds the time now; nothing closes the conversation while they do.
            conversation.awaitingReplySince = nil
            flag("the candidate's reply to the offered meeting times named none of them")
            return ["Thanks! A recruiter will look at your message and help you find a time."]
        }
        conversation.clarificationAsked = true
        return [text]
    }

    /// A meeting was booked (from the conversation, the booking page or the API): the offer ends, and a
    /// SCHEDULING conversation is COMPLETED. Returns `confirmation`.
    package mutating func booked(confirmation: String, at now: Date) -> [String] {
        conversation.offeredSlots = []
        conversation.clarificationAsked = false
        conversation.updatedAt = now
        if campaign.type == .scheduling, conversation.status.isActive {
            move(to: .completed, at: now)
            conversation.awaitingReplySince = nil
        }
        return [confirmation]
    }

    private mutating func respond(to reply: String, decision: AgentDecision?, at now: Date) -> [String] {
        if OptOutKeywords.matches(reply) { return optOut(at: now) }
        guard !conversation.isHumanTakeover, let decision else { return [] }
        // Once the candidate has asked for a person, the agent waits for one: only a request to stop is heard.
        if conversation.humanRequested, decision != .optOut { return [] }
        conversation.updatedAt = now
        switch decision {
        case .optOut:
            return optOut(at: now)
        case .answer(let question, let result, let summary):
            guard question == conversation.outcomes.count else { return [] }
            return answer(result, summary: summary, at: now)
        case .clarify(let text):
            if conversation.clarificationAsked {
                flag("the answer stayed unclear after one clarification")
                return ["Thanks! A recruiter will look at your answer and follow up with you."]
            }
            conversation.clarificationAsked = true
            return [text]
        case .flagForReview(let reason, let text):
            flag(reason)
            return [text]
        case .requestHuman(let text):
            flag("the candidate asked for a person")
            conversation.humanRequested = true
            return [text]
        case .say(let text):
            return [text] + currentQuestionMessages
        }
    }

    /// A recruiter takes over: the agent sends nothing until handed back. Clears `needsReview`.
    package mutating func takeOver(at now: Date) {
        guard conversation.status.isActive else { return }
        conversation.markTakenOver(at: now)
    }

    /// The recruiter hands back: the agent continues where the screening stood, asking the current question.
    package mutating func handBack(at now: Date) -> [String] {
        guard conversation.isHumanTakeover else { return [] }
        conversation.isHumanTakeover = false
        conversation.updatedAt = now
        guard conversation.status == .ongoing else { return [] }
        let texts = currentQuestionMessages
        // A SCHEDULING conversation asks nothing, but waits for its booking again (and closes unbooked in time).
        if !texts.isEmpty || campaign.type == .scheduling { awaitReply(since: now) }
        return texts
    }

    /// The candidate has been quiet since `since`: sends the next follow-up, repeating the open question, if the
    /// agent is still waiting from that moment and the campaign allows another. Returns the follow-up.
    package mutating func nudge(waitingSince since: Date, at now: Date) -> [String] {
        guard conversation.status == .ongoing, !conversation.isHumanTakeover, conversation.awaitingReplySince == since,
            conversation.nudgesSent < campaign.maxNudges
        else { return [] }
        conversation.nudgesSent += 1
        conversation.updatedAt = now
        let isLast = conversation.nudgesSent == campaign.maxNudges
        let lead: String =
            switch (campaign.agentTone, isLast && conversation.nudgesSent > 1) {
            case (.friendly, false): "Hi {{CANDIDATE_FIRST_NAME}}, just checking in on my last message."
            case (.friendly, true): "Hi {{CANDIDATE_FIRST_NAME}}, one last nudge in case you missed my message."
            case (.professional, false): "Hello {{CANDIDATE_FIRST_NAME}}, following up on my previous message."
            case (.professional, true): "Hello {{CANDIDATE_FIRST_NAME}}, a final reminder regarding my previous message."
            }
        let reminder =
            campaign.type == .scheduling ? ["You can still pick a time for your interview here: \(MessagePlaceholder.bookingLinkMarker)"] : []
        return [([render(lead)] + currentQuestionMessages + reminder).joined(separator: " ")]
    }

    /// Whether every follow-up the campaign allows has gone out.
    package var hasSentEveryNudge: Bool {
        conversation.nudgesSent >= campaign.maxNudges
    }

    /// The candidate stayed quiet since `since` for the campaign's timeout: the conversation closes, silently,
    /// if the agent is still waiting from that moment.
    package mutating func timeOut(waitingSince since: Date, at now: Date) {
        guard conversation.status == .ongoing, conversation.awaitingReplySince == since else { return }
        _ = close(message: nil, at: now)
    }

    /// Closes an active conversation (campaign stopped, a newer conversation, timeout); returns `message` to
    /// send when the conversation had started and a message is given.
    package mutating func close(message: String?, at now: Date) -> [String] {
        guard conversation.status.isActive else { return [] }
        let hadStarted = conversation.status == .ongoing
        move(to: .closed, at: now)
        conversation.awaitingReplySince = nil
        guard hadStarted, let message else { return [] }
        return [message]
    }

    // MARK: Steps

    private mutating func answer(_ result: ScreeningOutcome.Result, summary: String, at now: Date) -> [String] {
        let index = conversation.outcomes.count
        guard index < campaign.questions.count else { return [] }
        let question = campaign.questions[index]
        conversation.outcomes.append(
            ScreeningOutcome(questionIndex: index, screeningQuestion: question.content, questionOutcome: result, responseSummary: summary)
        )
        conversation.clarificationAsked = false
        if result == .failed, question.isMandatory {
            move(to: .completedScreeningFailed, at: now)
            return [render(campaign.rejectionMessage ?? "Thank you for your time.")]
        }
        if let next = currentQuestionText { return [next] }
        move(to: .completedScreeningPassed, at: now)
        return [closingText]
    }

    private mutating func optOut(at now: Date) -> [String] {
        move(to: .optedOut, at: now)
        return ["You're unsubscribed and won't receive more messages from \(companyName) about \(campaign.title)."]
    }

    /// Flags the conversation for a person, remembering why (for the NEEDS_REVIEW event).
    private mutating func flag(_ reason: String) {
        conversation.needsReview = true
        conversation.reviewReason = reason
    }

    private mutating func awaitReply(since now: Date) {
        conversation.awaitingReplySince = now
        conversation.nudgesSent = 0
    }

    private mutating func move(to status: ConversationStatus, at now: Date) {
        conversation.status = status
        conversation.updatedAt = now
    }

    // MARK: Texts

    private var currentQuestionText: String? {
        let index = conversation.outcomes.count
        guard conversation.status.isActive, index < campaign.questions.count else { return nil }
        return campaign.questions[index].prompt
    }

    private var currentQuestionMessages: [String] {
        currentQuestionText.map { [$0] } ?? []
    }

    private var closingText: String {
        let closing = render(campaign.closingMessage ?? "Thank you, that's all the questions we have.")
        switch campaign.closingMethod {
        case .meetingURL:
            guard let url = campaign.meetingURL, !closing.contains(url) else { return closing }
            return "\(closing) \(url)"
        case .phoneNumber:
            guard let number = campaign.contactNumber else { return closing }
            return "\(closing) You can reach us on \(number)."
        case .custom:
            guard let custom = campaign.customMessage else { return closing }
            return "\(closing)\n\n\(render(custom))"
        case .calendarMeetingIntegration:
            return "\(closing) \(MessagePlaceholder.slotOfferMarker)"
        }
    }

    private var defaultOpening: String {
        let greeting = campaign.agentTone == .professional ? "Hello {{CANDIDATE_FIRST_NAME}}," : "Hi {{CANDIDATE_FIRST_NAME}}!"
        let optOut = conversation.channel == .sms ? " Reply STOP to opt out." : ""
        if campaign.type == .scheduling {
            return "\(greeting) This is {{AGENT_NAME}} from {{COMPANY_NAME}} about the {{CAMPAIGN_TITLE}} role. "
                + "Please pick a time for your interview here: {{MEETING_URL}}\(optOut)"
        }
        return "\(greeting) This is {{AGENT_NAME}} from {{COMPANY_NAME}} about the {{CAMPAIGN_TITLE}} role. "
            + "I have a few quick questions for you.\(optOut)"
    }

    private func render(_ template: String) -> String {
        MessageText.render(
            template,
            [
                .candidateFirstName: conversation.firstName,
                .candidateLastName: conversation.lastName ?? "",
                .agentName: campaign.agentName,
                .companyName: companyName,
                .campaignTitle: campaign.title,
                .meetingURL: campaign.meetingURL
                    ?? (campaign.calendarMeetingTemplateID != nil || conversation.meetingTemplateID != nil
                        ? MessagePlaceholder.bookingLinkMarker : "")
                    ,
            ]
        )
    }
}
