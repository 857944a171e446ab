/// A request to create a campaign, as sent: optional where the caller may leave a field out.
package struct CampaignDraft: Sendable, Equatable {
    package var type: CampaignType
    package var channel: Channel
    package var title: String
    package var description: String
    package var closingMethod: ClosingMethod?
    package var status: CampaignStatus?
    package var closingMessage: String?
    package var rejectionMessage: String?
    package var customMessage: String?
    package var contactNumber: String?
    package var meetingURL: String?
    package var calendarMeetingTemplateID: String?
    package var company: String?
    package var location: String?
    package var questions: [Question]?
    package var additionalContext: String?
    package var conversationTimeoutHours: Int?
    package var ownerEmail: String?
    package var openingMessageTemplateID: MessageTemplate.ID?
    package var customTemplatedMessage: String?
    package var customRequest: String?
    package var emailChannelFallbackEnabled: Bool?
    package var agentName: String?
    package var agentTone: AgentTone?

    package init(type: CampaignType, channel: Channel, title: String, description: String) {
        self.type = type
        self.channel = channel
        self.title = title
        self.description = description
    }

    /// The settings this draft asks for with defaults filled in, before any rule is checked. Tells the caller
    /// which templates and users to look up for ``validated(_:)``.
    package var settingsWithDefaults: CampaignSettings {
        CampaignSettings(
            type: type,
            channel: channel,
            status: status ?? .live,
            title: title,
            description: description,
            closingMethod: type == .scheduling ? .calendarMeetingIntegration : closingMethod ?? .custom,
            closingMessage: closingMessage,
            rejectionMessage: rejectionMessage,
            customMessage: customMessage,
            contactNumber: contactNumber,
            meetingURL: meetingURL,
            calendarMeetingTemplateID: calendarMeetingTemplateID,
            company: company,
            location: location,
            questions: questions ?? [],
            additionalContext: additionalContext,
            conversationTimeoutHours: conversationTimeoutHours ?? CampaignSettings.defaultConversationTimeoutHours,
            ownerEmail: ownerEmail,
            openingMessageTemplateID: openingMessageTemplateID,
            customTemplatedMessage: customTemplatedMessage,
            customRequest: customRequest,
            emailChannelFallbackEnabled: emailChannelFallbackEnabled,
            agentName: agentName ?? Agent.defaultName,
            agentTone: agentTone ?? Agent.defaultTone
        )
    }

    /// The settings this draft asks for, with defaults filled in, or every rule it breaks.
    package func validated(_ references: CampaignReferences) throws(ValidationError) -> CampaignSettings {
        var validator = Validator()
        if closingMethod == nil, type != .scheduling {
            validator.fail("closingMethod", "is required")
        }
        if let questions, questions.isEmpty {
            validator.fail("questions", "must contain at least one question when present")
        }
        if status == .archived {
            validator.fail("campaignStatus", "a new campaign must be LIVE or DRAFT")
        }
        let settings = settingsWithDefaults
        CampaignRules.check(settings, references, closingMethodGiven: closingMethod != nil, into: &validator)
        try validator.finish()
        return settings
    }
}
