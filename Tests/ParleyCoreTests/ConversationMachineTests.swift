import Foundation
import ParleyCore
import Testing

@Suite("Conversation state machine")
struct ConversationMachineTests {
    private let now = Date(millisecondsSince1970: 1_800_000_000_000)

    private func campaign(_ change: (inout CampaignSettings) -> Void = { _ in }) -> CampaignSettings {
        var settings = CampaignSettings(
            type: .newCandidateOutreach, channel: .sms, title: "Barista", description: "Coffee.", closingMethod: .meetingURL,
            closingMessage: "Great, {{CANDIDATE_FIRST_NAME}}! Book a call:", rejectionMessage: "Thanks {{CANDIDATE_FIRST_NAME}}, that's all.",
            meetingURL: "https://cal.example.com/acme",
            questions: [Question(content: "Can you work weekends?", isMandatory: true), Question(content: "Do you have a barista certificate?")]
        )
        change(&settings)
        return settings
    }

    private func machine(_ settings: CampaignSettings? = nil, status: ConversationStatus = .ongoing) -> ConversationMachine {
        let conversation = Conversation(
            id: IDGenerator.random.next(), organizationID: IDGenerator.random.next(), campaignID: IDGenerator.random.next(), channel: .sms,
            status: status, firstName: "Ada", phoneNumber: "+14155551234", createdAt: now, updatedAt: now
        )
        return ConversationMachine(conversation: conversation, campaign: settings ?? campaign(), companyName: "Acme Coffee")
    }

    @Test("opening: the campaign's text with placeholders filled, then the first question")
    func opening() {
        let texts = machine(campaign { $0.customTemplatedMessage = "Hi {{CANDIDATE_FIRST_NAME}} from {{COMPANY_NAME}}! Reply STOP to opt out." })
            .openingMessages(openingTemplate: nil)
        #expect(texts == ["Hi Ada from Acme Coffee! Reply STOP to opt out.", "Can you work weekends?"])
        let fallback = machine().openingMessages(openingTemplate: nil)
        #expect(fallback.first?.contains("Alex from Acme Coffee about the Barista role") == true)
        #expect(fallback.first?.contains("STOP") == true)
    }

    @Test("answering every question passes and closes with the meeting link")
    func passes() {
        var machine = machine()
        #expect(machine.receive("yes", decision: .answer(question: 0, .passed, summary: "yes"), at: now) == ["Do you have a barista certificate?"])
        #expect(
            machine.receive("no", decision: .answer(question: 1, .failed, summary: "no"), at: now) == [
                "Great, Ada! Book a call: https://cal.example.com/acme"
            ])
        #expect(machine.conversation.status == .completedScreeningPassed)
        #expect(machine.conversation.outcomes.map(\.questionOutcome) == [.passed, .failed], "a failed optional question does not reject")
    }

    @Test("failing a mandatory question rejects with the rejection message")
    func failsKnockout() {
        var machine = machine()
        #expect(machine.receive("no", decision: .answer(question: 0, .failed, summary: "no"), at: now) == ["Thanks Ada, that's all."])
        #expect(machine.conversation.status == .completedScreeningFailed)
        #expect(
            machine.receive("wait, yes!", decision: .answer(question: 1, .passed, summary: "yes"), at: now).isEmpty,
            "a final conversation does not move")
    }

    @Test(
        "opt-out words win over any decision, in any case, with one confirmation",
        arguments: ["STOP", "stop", " Stop! ", "unsubscribe", "Stop all", "QUIT"])
    func optOut(reply: String) {
        var machine = machine()
        let texts = machine.receive(reply, decision: .answer(question: 0, .passed, summary: "yes"), at: now)
        #expect(texts.count == 1)
        #expect(machine.conversation.status == .optedOut)
        #expect(machine.receive("STOP", decision: nil, at: now).isEmpty)
    }

    @Test("an unclear reply is asked about once, then flagged for review")
    func clarifyOnce() {
        var machine = machine()
        #expect(machine.receive("maybe", decision: .clarify("Yes or no?"), at: now) == ["Yes or no?"])
        #expect(!machine.conversation.needsReview)
        #expect(machine.receive("it depends", decision: .clarify("Yes or no?"), at: now).first?.contains("recruiter") == true)
        #expect(machine.conversation.needsReview)
        #expect(machine.conversation.status == .ongoing)
    }

    @Test("while a person has taken over the agent says nothing; hand-back resumes at the current question")
    func takeoverAndHandBack() {
        var machine = machine()
        _ = machine.receive("can I talk to a person?", decision: .requestHuman(reply: "Sure, a recruiter will reply."), at: now)
        #expect(machine.conversation.needsReview)
        machine.takeOver(at: now)
        #expect(!machine.conversation.needsReview)
        #expect(machine.receive("yes", decision: .answer(question: 0, .passed, summary: "yes"), at: now).isEmpty)
        #expect(machine.conversation.outcomes.isEmpty)
        #expect(machine.handBack(at: now) == ["Can you work weekends?"])
        #expect(machine.receive("yes", decision: .answer(question: 0, .passed, summary: "yes"), at: now) == ["Do you have a barista certificate?"])
    }

    @Test("after asking for a person the agent waits: answers go unanswered, a request to stop is still heard")
    func waitsForPerson() {
        var machine = machine()
        #expect(machine.receive("a human please", decision: .requestHuman(reply: "Sure."), at: now) == ["Sure."])
        #expect(machine.conversation.awaitingReplySince == nil, "no follow-ups while waiting for a person")
        #expect(machine.receive("yes", decision: .answer(question: 0, .passed, summary: "yes"), at: now).isEmpty)
        #expect(machine.conversation.outcomes.isEmpty)
        #expect(machine.receive("leave me alone", decision: .optOut, at: now).count == 1)
        #expect(machine.conversation.status == .optedOut)
    }

    @Test("follow-ups: only while waiting from the same moment, up to the campaign's number; the timeout closes silently")
    func nudgesAndTimeout() {
        var machine = machine(status: .created)
        machine.firstMessageAccepted(at: now)
        let since = machine.conversation.awaitingReplySince
        #expect(since == now)
        #expect(machine.nudge(waitingSince: now.addingTimeInterval(-1), at: now).isEmpty, "a stale follow-up does nothing")
        #expect(machine.nudge(waitingSince: now, at: now).first?.contains("Can you work weekends?") == true)
        #expect(!machine.hasSentEveryNudge)
        #expect(machine.nudge(waitingSince: now, at: now).count == 1)
        #expect(machine.hasSentEveryNudge)
        #expect(machine.nudge(waitingSince: now, at: now).isEmpty, "no more than maxNudges")
        machine.timeOut(waitingSince: now, at: now)
        #expect(machine.conversation.status == .closed)
    }

    @Test("closing sends the cancellation message only to conversations that had started")
    func close() {
        var started = machine()
        #expect(started.close(message: "The role is filled.", at: now) == ["The role is filled."])
        #expect(started.conversation.status == .closed)
        var queued = machine(status: .queued)
        #expect(queued.close(message: "The role is filled.", at: now).isEmpty)
        #expect(queued.conversation.status == .closed)
    }

    @Test("delivery: accepted starts the conversation; failed before any reply marks DELIVERY_FAILED")
    func delivery() {
        var accepted = machine(status: .created)
        accepted.firstMessageAccepted(at: now)
        #expect(accepted.conversation.status == .ongoing)
        var failed = machine(status: .created)
        failed.firstMessageFailed(candidateReplied: false, at: now)
        #expect(failed.conversation.status == .deliveryFailed)
        var replied = machine(status: .ongoing)
        replied.firstMessageFailed(candidateReplied: true, at: now)
        #expect(replied.conversation.status == .ongoing)
    }

    @Test(
        "each closing method adds its companion",
        arguments: [
            (ClosingMethod.phoneNumber, "Great, Ada! Book a call: You can reach us on +14155550000."),
            (.custom, "Great, Ada! Book a call:\n\nWe'll be in touch, Ada."),
        ])
    func closingMethods(method: ClosingMethod, expected: String) {
        var machine = machine(
            campaign {
                $0.closingMethod = method
                $0.contactNumber = "+14155550000"
                $0.customMessage = "We'll be in touch, {{CANDIDATE_FIRST_NAME}}."
                $0.questions = [Question(content: "Ready?")]
            })
        #expect(machine.receive("yes", decision: .answer(question: 0, .passed, summary: "yes"), at: now) == [expected])
    }

    @Test("an answer to any question but the current one is ignored, so each is recorded once and in order")
    func answersInOrder() {
        var machine = machine()
        #expect(machine.receive("yes", decision: .answer(question: 1, .passed, summary: "yes"), at: now).isEmpty)
        #expect(machine.conversation.outcomes.isEmpty)
        _ = machine.receive("yes", decision: .answer(question: 0, .passed, summary: "yes"), at: now)
        #expect(machine.receive("yes", decision: .answer(question: 0, .failed, summary: "no"), at: now).isEmpty)
        #expect(machine.conversation.outcomes.map(\.questionOutcome) == [.passed])
    }
}

extension ConversationMachineTests {
    @Test("a passed candidate's offer: read as picks, asked again once, ended by STOP, and a booking ends it")
    func slotOffer() {
        let calendar = campaign {
            $0.closingMethod = .calendarMeetingIntegration
            $0.meetingURL = nil
            $0.calendarMeetingTemplateID = "6f0a2c8e-1d7b-4c41-9b8e-2f3a4b5c6d7e"
        }
        var machine = machine(calendar)
        _ = machine.receive("yes", decision: .answer(question: 0, .passed, summary: "yes"), at: now)
        let closing = machine.receive("yes", decision: .answer(question: 1, .passed, summary: "yes"), at: now)
        #expect(closing == ["Great, Ada! Book a call: \(MessagePlaceholder.slotOfferMarker)"], "the shell puts the offer where the marker is")
        #expect(!machine.readsAsSlotPick("2"), "no offer is open yet")
        machine.offer([DateInterval(start: now, duration: 1_800)], at: now)
        #expect(machine.readsAsSlotPick("2") && !machine.asksAgent(about: "2"))
        #expect(machine.pickUnclear(askAgain: "Which one?", at: now) == ["Which one?"])
        #expect(machine.pickUnclear(askAgain: "Which one?", at: now).first?.contains("A recruiter will look") == true)
        #expect(machine.conversation.needsReview && machine.conversation.offeredSlots.isEmpty)

        machine.offer([DateInterval(start: now, duration: 1_800)], at: now)
        #expect(machine.receive("STOP", decision: nil, at: now).first?.hasPrefix("You're unsubscribed") == true)
        #expect(
            machine.conversation.offeredSlots.isEmpty && machine.conversation.status == .optedOut, "opting out is recorded, not just the offer ended")
        #expect(!machine.readsAsSlotPick("1"))
    }

    @Test("a SCHEDULING conversation asks no agent, keeps its week running when the candidate writes, and completes on a booking")
    func scheduling() {
        let booking = campaign {
            $0.type = .scheduling
            $0.closingMethod = .calendarMeetingIntegration
            $0.questions = []
            $0.meetingURL = nil
            $0.calendarMeetingTemplateID = "6f0a2c8e-1d7b-4c41-9b8e-2f3a4b5c6d7e"
        }
        var machine = machine(booking, status: .created)
        #expect(
            machine.openingMessages(openingTemplate: nil).first?.hasSuffix("here: \(MessagePlaceholder.bookingLinkMarker) Reply STOP to opt out.")
                == true)
        machine.firstMessageAccepted(at: now)
        let since = machine.conversation.awaitingReplySince
        #expect(!machine.asksAgent(about: "when can I come?") && machine.readsAsSlotPick("when can I come?"))
        #expect(machine.receive("when can I come?", decision: nil, at: now.addingTimeInterval(60)).isEmpty)
        #expect(machine.conversation.awaitingReplySince == since, "writing does not restart the week")
        #expect(machine.nudge(waitingSince: since ?? now, at: now).first?.contains(MessagePlaceholder.bookingLinkMarker) == true)
        machine.takeOver(at: now)
        #expect(machine.conversation.awaitingReplySince == nil)
        _ = machine.handBack(at: now.addingTimeInterval(3_600))
        #expect(machine.conversation.awaitingReplySince == now.addingTimeInterval(3_600), "handed back, it waits for a booking again and can close")
        #expect(machine.booked(confirmation: "Booked.", at: now) == ["Booked."])
        #expect(machine.conversation.status == .completed && machine.conversation.awaitingReplySince == nil)
    }
}
