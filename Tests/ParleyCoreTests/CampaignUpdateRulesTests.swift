import ParleyCore
import Testing

private let references = CampaignReferences(openingTemplate: nil, meetingTemplateExists: false, ownerIsOrganizationUser: false)

private func current(status: CampaignStatus = .live) -> CampaignSettings {
    CampaignSettings(
        type: .newCandidateOutreach, channel: .sms, status: status, title: "Barista", description: "Coffee.", closingMethod: .custom,
        closingMessage: "Thanks", rejectionMessage: "Sorry", customMessage: "We'll be in touch", questions: [Question(content: "Weekends?")]
    )
}

private func rules(_ changes: CampaignFields, on settings: CampaignSettings = current()) -> [String] {
    do {
        _ = try changes.applied(to: settings, references)
        return []
    } catch {
        return error.issues.map { "\($0.field): \($0.rule)" }
    }
}

@Suite("Campaign updates")
struct CampaignUpdateRulesTests {
    @Test("an update must change something")
    func emptyUpdate() {
        #expect(rules(CampaignFields()) == ["body: must contain at least one field to update"])
    }

    @Test("questions, type and channel are fixed; sending their current value is accepted")
    func fixedFields() throws {
        var changes = CampaignFields()
        changes.questions = [Question(content: "Nights?")]
        changes.channel = .email
        changes.type = .engagementOutreach
        #expect(
            rules(changes) == [
                "campaignType: cannot be changed after the campaign is created",
                "channel: cannot be changed after the campaign is created",
                "questions: cannot be changed after the campaign is created",
            ]
        )
        var same = CampaignFields()
        same.questions = current().questions
        same.channel = .sms
        #expect(rules(same).isEmpty)
    }

    @Test(
        "status moves DRAFT → LIVE → ARCHIVED and never back",
        arguments: [
            (CampaignStatus.draft, CampaignStatus.live, true), (.draft, .archived, true), (.live, .archived, true),
            (.live, .draft, false), (.live, .live, true),
        ]
    )
    func statusTransitions(from: CampaignStatus, to: CampaignStatus, allowed: Bool) {
        var changes = CampaignFields()
        changes.status = to
        #expect(rules(changes, on: current(status: from)).isEmpty == allowed)
    }

    @Test("an ARCHIVED campaign is final")
    func archivedIsFinal() {
        var changes = CampaignFields()
        changes.title = "New title"
        #expect(
            rules(changes, on: current(status: .archived)) == [
                "campaignStatus: the campaign is ARCHIVED, which is final: it can no longer be changed"
            ])
    }

    @Test("the result must satisfy the create rules: a new closing method needs its companion")
    func resultFollowsRules() throws {
        var changes = CampaignFields()
        changes.closingMethod = .phoneNumber
        #expect(rules(changes) == ["contactNumber: is required when closingMethod is PHONE_NUMBER"])
        changes.contactNumber = "+14155551234"
        let updated = try changes.applied(to: current(), references)
        #expect(updated.closingMethod == .phoneNumber)
        #expect(updated.title == "Barista")
    }

    @Test("choosing a custom opening message clears the template, and the other way round")
    func openingExclusive() throws {
        var settings = current()
        settings.openingMessageTemplateID = IDGenerator.random.next()
        var changes = CampaignFields()
        changes.customTemplatedMessage = "Hi {{CANDIDATE_FIRST_NAME}}, reply STOP to opt out."
        let updated = try changes.applied(to: settings, references)
        #expect(updated.openingMessageTemplateID == nil)
        #expect(updated.customTemplatedMessage == changes.customTemplatedMessage)
    }
}
