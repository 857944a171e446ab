import Foundation

/// The rules every campaign must satisfy, on create and after every update (spec §2.5.5).
package enum CampaignRules {
    /// Records every rule `settings` breaks.
    ///
    /// - Parameter closingMethodGiven: `false` when the caller sent no closing method (already reported), so
    ///   the companion of the defaulted method is not asked for.
    package static func check(
        _ settings: CampaignSettings,
        _ references: CampaignReferences,
        closingMethodGiven: Bool = true,
        into validator: inout Validator
    ) {
        checkTexts(settings, into: &validator)
        if settings.type == .scheduling {
            checkScheduling(settings, references, into: &validator)
        } else {
            checkClosing(settings, references, checkCompanion: closingMethodGiven, into: &validator)
        }
        checkQuestions(settings.questions, into: &validator)
        checkOpeningMessage(settings, references, into: &validator)

        validator.check(
            CampaignSettings.conversationTimeoutRange.contains(settings.conversationTimeoutHours),
            "conversationTimeout",
            "must be between \(CampaignSettings.conversationTimeoutRange.lowerBound) and "
                + "\(CampaignSettings.conversationTimeoutRange.upperBound) hours"
        )
        checkNudges(settings, into: &validator)
        if let ownerEmail = settings.ownerEmail {
            if EmailAddress.isPlausible(ownerEmail) {
                validator.check(references.ownerIsOrganizationUser, "ownerEmail", "must be the email of a user of the organization")
            } else {
                validator.emailAddress(ownerEmail, "ownerEmail")
            }
        }
    }

    /// A SCHEDULING campaign only books a meeting (spec §2.5.4): it names a meeting template, has no screening and
    /// none of the texts that end one, and its opening carries the booking link.
    private static func checkScheduling(_ settings: CampaignSettings, _ references: CampaignReferences, into validator: inout Validator) {
        let disallowed: [(String, Bool)] = [
            ("questions", !settings.questions.isEmpty), ("rejectionMessage", settings.rejectionMessage != nil),
            ("closingMessage", settings.closingMessage != nil), ("meetingUrl", settings.meetingURL != nil),
            ("customRequest", settings.customRequest != nil),
        ]
        for (field, present) in disallowed where present {
            validator.fail(field, "is not allowed for SCHEDULING campaigns - they book a meeting without screening")
        }
        if let id = settings.calendarMeetingTemplateID {
            validator.text(id, "calendarMeetingTemplateId", .name)
            validator.check(
                references.meetingTemplateExists, "calendarMeetingTemplateId", "no meeting template with this id exists in the organization")
        } else {
            validator.fail("calendarMeetingTemplateId", "is required for SCHEDULING campaigns")
        }
        if let message = settings.customTemplatedMessage {
            validator.check(
                message.contains("{{\(MessagePlaceholder.meetingURL.rawValue)}}"), "customTemplatedMessage",
                "must contain {{MEETING_URL}} for SCHEDULING campaigns: it is where the booking link goes"
            )
        }
    }

    /// Follow-ups are bounded, and the last one goes out before the conversation times out.
    private static func checkNudges(_ settings: CampaignSettings, into validator: inout Validator) {
        let count = CampaignSettings.maxNudgesRange, interval = CampaignSettings.nudgeIntervalRange
        validator.check(
            count.contains(settings.maxNudges), "maxNudges", "must be between \(count.lowerBound) and \(count.upperBound)")
        validator.check(
            interval.contains(settings.nudgeIntervalHours), "nudgeIntervalHours",
            "must be between \(interval.lowerBound) and \(interval.upperBound) hours")
        let inRange =
            count.contains(settings.maxNudges) && interval.contains(settings.nudgeIntervalHours)
            && CampaignSettings.conversationTimeoutRange.contains(settings.conversationTimeoutHours)
        guard inRange else { return }
        validator.check(
            settings.maxNudges * settings.nudgeIntervalHours < settings.conversationTimeoutHours, "nudgeIntervalHours",
            "maxNudges × nudgeIntervalHours (\(settings.maxNudges * settings.nudgeIntervalHours) h) must be less than "
                + "conversationTimeout (\(settings.conversationTimeoutHours) h), so every follow-up goes out before the conversation closes"
        )
    }

    private static func checkTexts(_ settings: CampaignSettings, into validator: inout Validator) {
        validator.text(settings.title, "campaignTitle", .name)
        validator.text(settings.description, "campaignDescription", .description)
        validator.text(settings.company, "company", .name)
        validator.text(settings.location, "location", .name)
        validator.text(settings.additionalContext, "additionalContext", .additionalContext)
        validator.text(settings.customRequest, "customRequest", .note)
        validator.text(settings.externalCampaignID, "externalCampaignId", .name)
        validator.text(settings.agentName, "agentName", .agentName)
    }

    private static func checkClosing(
        _ settings: CampaignSettings,
        _ references: CampaignReferences,
        checkCompanion: Bool,
        into validator: inout Validator
    ) {
        validator.requiredText(settings.closingMessage, "closingMessage", .message)
        validator.requiredText(settings.rejectionMessage, "rejectionMessage", .message)
        validator.text(settings.customMessage, "customMessage", .message)
        validator.phoneNumber(settings.contactNumber, "contactNumber")
        validator.webURL(settings.meetingURL, "meetingUrl")
        validator.text(settings.calendarMeetingTemplateID, "calendarMeetingTemplateId", .name)

        let method = settings.closingMethod
        let companion: String? =
            switch method {
            case .meetingURL: settings.meetingURL
            case .phoneNumber: settings.contactNumber
            case .custom: settings.customMessage
            case .calendarMeetingIntegration: settings.calendarMeetingTemplateID
            }
        if checkCompanion, companion == nil {
            validator.fail(method.companionField, "is required when closingMethod is \(method.rawValue)")
        }
        if settings.calendarMeetingTemplateID != nil, !references.meetingTemplateExists {
            validator.fail("calendarMeetingTemplateId", "no meeting template with this id exists in the organization")
        }
    }

    /// The rules of a campaign's questions, on their own (also for drafted questions).
    package static func checkQuestions(_ questions: [Question], into validator: inout Validator) {
        validator.check(
            questions.count <= CampaignSettings.maximumQuestionCount,
            "questions",
            "must contain at most \(CampaignSettings.maximumQuestionCount) questions"
        )
        for (index, question) in questions.enumerated() {
            validator.requiredText(question.content, "questions[\(index)].content", .question)
            if question.type == .document {
                validator.fail(
                    "questions[\(index)].questionType",
                    "DOCUMENT questions need document types, which this server does not support yet"
                )
            }
            checkAnswerSettings(question, "questions[\(index)]", into: &validator)
        }
    }

    /// `options`, `idealAnswer` and `minimum` belong to the question types that use them, with sensible values.
    private static func checkAnswerSettings(_ question: Question, _ field: String, into validator: inout Validator) {
        let type = question.type.rawValue
        if let options = question.options {
            if question.type != .multipleChoice {
                validator.fail("\(field).options", "is only allowed for MULTIPLE_CHOICE questions, not \(type)")
            } else {
                validator.check(
                    Question.optionCountRange.contains(options.count),
                    "\(field).options",
                    "must list \(Question.optionCountRange.lowerBound) to \(Question.optionCountRange.upperBound) options"
                )
                for (number, option) in options.enumerated() {
                    validator.requiredText(option, "\(field).options[\(number)]", .person)
                }
                let distinct = Set(options.map { $0.lowercased().trimmingCharacters(in: .whitespaces) })
                validator.check(distinct.count == options.count, "\(field).options", "must not repeat an option")
            }
        } else if question.type == .multipleChoice {
            validator.fail("\(field).options", "is required for MULTIPLE_CHOICE questions")
        }
        if let ideal = question.idealAnswer {
            switch question.type {
            case .yesNo:
                validator.check(["YES", "NO"].contains(ideal), "\(field).idealAnswer", "must be YES or NO for a YES_NO question")
            case .multipleChoice:
                let known = (question.options ?? []).contains { $0.caseInsensitiveCompare(ideal) == .orderedSame }
                validator.check(known, "\(field).idealAnswer", "must be one of the question's options")
            case .freeText, .number, .document:
                validator.fail("\(field).idealAnswer", "is only allowed for YES_NO and MULTIPLE_CHOICE questions, not \(type)")
            }
        }
        if let minimum = question.minimum {
            if question.type != .number {
                validator.fail("\(field).minimum", "is only allowed for NUMBER questions, not \(type)")
            } else {
                validator.check(minimum.isFinite && (0...10_000).contains(minimum), "\(field).minimum", "must be between 0 and 10000")
            }
        }
    }

    private static func checkOpeningMessage(_ settings: CampaignSettings, _ references: CampaignReferences, into validator: inout Validator) {
        if settings.openingMessageTemplateID != nil, settings.customTemplatedMessage != nil {
            validator.fail("customTemplatedMessage", "cannot be combined with openingMessageTemplateId; send one of them")
        }
        if settings.type == .applicantOutreach, settings.openingMessageTemplateID == nil {
            validator.fail("openingMessageTemplateId", "is required for APPLICANT_OUTREACH campaigns")
        }
        if settings.openingMessageTemplateID != nil {
            checkTemplate(references.openingTemplate, for: settings, into: &validator)
        }
        guard let message = settings.customTemplatedMessage else { return }
        validator.text(message, "customTemplatedMessage", .openingMessage)
        if settings.channel == .whatsapp {
            validator.fail(
                "customTemplatedMessage",
                "is not allowed for WHATSAPP campaigns, which must open with an approved template (openingMessageTemplateId)"
            )
        }
        if settings.channel == .sms {
            validator.check(
                MessagePlaceholder.containsStopKeyword(message),
                "customTemplatedMessage",
                "must contain the uppercase word STOP for SMS campaigns"
            )
        }
        let unknown = MessagePlaceholder.unknownNames(in: message)
        if !unknown.isEmpty {
            let known = MessagePlaceholder.allCases.map { "{{\($0.rawValue)}}" }.joined(separator: ", ")
            validator.fail(
                "customTemplatedMessage",
                "unknown placeholder \(unknown.map { "{{\($0)}}" }.joined(separator: ", ")); known placeholders are \(known)"
            )
        }
    }

    private static func checkTemplate(_ template: MessageTemplate?, for settings: CampaignSettings, into validator: inout Validator) {
        guard let template else {
            return validator.fail("openingMessageTemplateId", "no template with this id exists in the organization")
        }
        validator.check(
            template.kind == .openingMessage,
            "openingMessageTemplateId",
            "must name an OPENING_MESSAGE template"
        )
        validator.check(
            template.channel == settings.channel,
            "openingMessageTemplateId",
            "template is for channel \(template.channel.rawValue) but the campaign's channel is \(settings.channel.rawValue)"
        )
        validator.check(
            template.campaignType == settings.type,
            "openingMessageTemplateId",
            "template is for campaign type \(template.campaignType.rawValue) but the campaign's type is \(settings.type.rawValue)"
        )
    }
}
