import Foundation
import ParleyCore
import Testing

/// A valid outreach draft that each test breaks in one way.
private func validDraft(_ change: (inout CampaignFields) -> Void = { _ in }) -> CampaignFields {
    var draft = CampaignFields(type: .newCandidateOutreach, channel: .sms, title: "Barista", description: "Make great coffee.")
    draft.closingMethod = .meetingURL
    draft.meetingURL = "https://cal.example.com/acme/intro"
    draft.closingMessage = "Thanks, book a call here."
    draft.rejectionMessage = "Thanks for your time."
    change(&draft)
    return draft
}

private let noReferences = CampaignReferences(openingTemplate: nil, meetingTemplateExists: false, ownerIsOrganizationUser: false)

private func issues(_ draft: CampaignFields, _ references: CampaignReferences = noReferences) -> [String] {
    do {
        _ = try draft.newSettings(references)
        return []
    } catch {
        return error.issues.map { "\($0.field): \($0.rule)" }
    }
}

@Suite("Campaign rules")
struct CampaignRulesTests {
    @Test("a complete outreach draft gets Popp's defaults: LIVE, 48 hours, agent Alex, friendly")
    func defaults() throws {
        let settings = try validDraft().newSettings(noReferences)
        #expect(settings.status == .live)
        #expect(settings.conversationTimeoutHours == 48)
        #expect(settings.agentName == "Alex")
        #expect(settings.agentTone == .friendly)
        #expect(settings.questions.isEmpty)
    }

    @Test(
        "each closing method needs its companion field",
        arguments: [
            (ClosingMethod.meetingURL, "meetingUrl"), (.phoneNumber, "contactNumber"), (.custom, "customMessage"),
            (.calendarMeetingIntegration, "calendarMeetingTemplateId"),
        ]
    )
    func closingCompanion(method: ClosingMethod, field: String) {
        let draft = validDraft {
            $0.closingMethod = method
            $0.meetingURL = nil
        }
        #expect(issues(draft).contains("\(field): is required when closingMethod is \(method.rawValue)"))
    }

    @Test("every broken rule is reported at once, each naming its field")
    func collectsEveryIssue() {
        let draft = validDraft {
            $0.title = " "
            $0.closingMessage = nil
            $0.meetingURL = "ftp://files.example.com"
            $0.additionalContext = "short"
            $0.conversationTimeoutHours = 12
            $0.questions = []
        }
        #expect(
            issues(draft) == [
                "questions: must contain at least one question when present",
                "campaignTitle: must not be empty",
                "additionalContext: must be at least 10 characters",
                "closingMessage: is required",
                "meetingUrl: must be an absolute http or https URL",
                "conversationTimeout: must be between 24 and 720 hours",
            ]
        )
    }

    @Test("a contact number must be E.164", arguments: ["555-1234", "+0123456789", "+1 415 555 1234", "14155551234", "+1415"])
    func contactNumberMustBeE164(number: String) {
        let draft = validDraft {
            $0.closingMethod = .phoneNumber
            $0.contactNumber = number
        }
        #expect(issues(draft) == ["contactNumber: must be an E.164 phone number such as +14155551234"])
    }

    @Test("an over-long title is refused with its limit")
    func overLongTitle() {
        #expect(issues(validDraft { $0.title = String(repeating: "a", count: 201) }) == ["campaignTitle: must be at most 200 characters"])
    }

    @Test("APPLICANT_OUTREACH needs an opening template of the same channel and type")
    func applicantOutreachNeedsTemplate() {
        let draft = validDraft { $0.type = .applicantOutreach }
        #expect(issues(draft) == ["openingMessageTemplateId: is required for APPLICANT_OUTREACH campaigns"])

        let template = MessageTemplate(
            id: IDGenerator.random.next(), organizationID: IDGenerator.random.next(), kind: .openingMessage, channel: .email,
            campaignType: .newCandidateOutreach, name: "x", content: "Hi", createdAt: .now
        )
        let withTemplate = validDraft {
            $0.type = .applicantOutreach
            $0.openingMessageTemplateID = template.id
        }
        let references = CampaignReferences(openingTemplate: template, meetingTemplateExists: false, ownerIsOrganizationUser: false)
        #expect(
            issues(withTemplate, references) == [
                "openingMessageTemplateId: template is for channel EMAIL but the campaign's channel is SMS",
                "openingMessageTemplateId: template is for campaign type NEW_CANDIDATE_OUTREACH but the campaign's type is APPLICANT_OUTREACH",
            ]
        )
    }

    @Test("a template id and a custom opening message are exclusive")
    func templateOrCustomMessage() {
        let draft = validDraft {
            $0.openingMessageTemplateID = IDGenerator.random.next()
            $0.customTemplatedMessage = "Hi {{CANDIDATE_FIRST_NAME}}! Reply STOP to opt out."
        }
        #expect(issues(draft).contains("customTemplatedMessage: cannot be combined with openingMessageTemplateId; send one of them"))
    }

    @Test("an SMS opening message must carry the uppercase word STOP")
    func smsNeedsStop() {
        #expect(
            issues(validDraft { $0.customTemplatedMessage = "Hi {{CANDIDATE_FIRST_NAME}}, reply stop to opt out" })
                == ["customTemplatedMessage: must contain the uppercase word STOP for SMS campaigns"]
        )
        #expect(issues(validDraft { $0.customTemplatedMessage = "Hi! Reply STOP to opt out." }).isEmpty)
        #expect(!issues(validDraft { $0.customTemplatedMessage = "Hi! Reply STOPPED." }).isEmpty)
    }

    @Test("WhatsApp campaigns open with a template, never a custom message")
    func whatsAppRefusesCustomMessage() {
        let draft = validDraft {
            $0.channel = .whatsapp
            $0.customTemplatedMessage = "Hi {{CANDIDATE_FIRST_NAME}}"
        }
        #expect(issues(draft).count == 1)
        #expect(issues(draft).first?.hasPrefix("customTemplatedMessage: is not allowed for WHATSAPP campaigns") == true)
    }

    @Test("unknown placeholders are named")
    func unknownPlaceholders() {
        let draft = validDraft {
            $0.channel = .email
            $0.customTemplatedMessage = "Hi {{FIRST_NAME}} from {{COMPANY_NAME}}"
        }
        #expect(issues(draft).first?.hasPrefix("customTemplatedMessage: unknown placeholder {{FIRST_NAME}};") == true)
    }

    @Test("SCHEDULING names a meeting template and refuses screening fields; its closing method is forced and its timeout is a week")
    func scheduling() throws {
        let draft = validDraft {
            $0.type = .scheduling
            $0.closingMethod = nil
            $0.questions = [Question(content: "Can you work weekends?")]
        }
        let rule = "is not allowed for SCHEDULING campaigns - they book a meeting without screening"
        #expect(
            issues(draft) == [
                "questions: \(rule)", "rejectionMessage: \(rule)", "closingMessage: \(rule)", "meetingUrl: \(rule)",
                "calendarMeetingTemplateId: is required for SCHEDULING campaigns",
            ])
        var booking = CampaignFields(type: .scheduling, channel: .email, title: "Interviews", description: "Book a slot.")
        booking.closingMethod = .phoneNumber
        booking.calendarMeetingTemplateID = "6f0a2c8e-1d7b-4c41-9b8e-2f3a4b5c6d7e"
        #expect(
            issues(booking, noReferences) == ["calendarMeetingTemplateId: no meeting template with this id exists in the organization"])
        let withTemplate = CampaignReferences(openingTemplate: nil, meetingTemplateExists: true, ownerIsOrganizationUser: false)
        let settings = try booking.newSettings(withTemplate)
        #expect(settings.closingMethod == .calendarMeetingIntegration)
        #expect(settings.conversationTimeoutHours == 168)
        booking.customTemplatedMessage = "Hi {{CANDIDATE_FIRST_NAME}}, book a time with us."
        #expect(
            issues(booking, withTemplate) == [
                "customTemplatedMessage: must contain {{MEETING_URL}} for SCHEDULING campaigns: it is where the booking link goes"
            ])
    }

    @Test("an owner email must be well formed and belong to a user of the organization")
    func ownerEmail() {
        #expect(issues(validDraft { $0.ownerEmail = "not-an-email" }) == ["ownerEmail: must be an email address such as jane@example.com"])
        #expect(issues(validDraft { $0.ownerEmail = "jane@example.com" }) == ["ownerEmail: must be the email of a user of the organization"])
        let member = CampaignReferences(openingTemplate: nil, meetingTemplateExists: false, ownerIsOrganizationUser: true)
        #expect(issues(validDraft { $0.ownerEmail = "jane@example.com" }, member).isEmpty)
    }

    @Test("questions: content required, at most 50, DOCUMENT refused until document types exist")
    func questions() {
        #expect(issues(validDraft { $0.questions = [Question(content: " ")] }) == ["questions[0].content: must not be empty"])
        #expect(
            issues(validDraft { $0.questions = Array(repeating: Question(content: "Ok?"), count: 51) })
                == ["questions: must contain at most 50 questions"]
        )
        #expect(
            issues(validDraft { $0.questions = [Question(type: .document, content: "Upload your ID")] })
                == ["questions[0].questionType: DOCUMENT questions need document types, which this server does not support yet"]
        )
    }

    @Test("a new campaign cannot start ARCHIVED")
    func newCampaignNotArchived() {
        #expect(issues(validDraft { $0.status = .archived }) == ["campaignStatus: a new campaign must be LIVE or DRAFT"])
    }
}
