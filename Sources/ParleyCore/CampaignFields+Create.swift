extension CampaignFields {
    /// The settings of a new campaign with these fields, Popp's defaults filled in, or every rule broken.
    package func newSettings(_ references: CampaignReferences) throws(ValidationError) -> CampaignSettings {
        var validator = Validator()
        if type == nil { validator.fail("campaignType", "is required") }
        if channel == nil { validator.fail("channel", "is required") }
        if title == nil { validator.fail("campaignTitle", "is required") }
        if description == nil { validator.fail("campaignDescription", "is required") }
        guard var settings = settingsWithDefaults else {
            try validator.finish()
            preconditionFailure("settingsWithDefaults exists whenever the required fields do")
        }
        if closingMethod == nil, type != .scheduling {
            validator.fail("closingMethod", "is required")
        }
        if let questions, questions.isEmpty {
            validator.fail("questions", "must contain at least one question when present")
        }
        if status == .archived {
            validator.fail("campaignStatus", "a new campaign must be LIVE or DRAFT")
        }
        settings.agentKind = agentKind ?? (references.modelConfigured ? .llm : .builtIn)
        references.checkAgentKind(agentKind, into: &validator)
        CampaignRules.check(settings, references, closingMethodGiven: closingMethod != nil, into: &validator)
        try validator.finish()
        return settings
    }

    /// A new campaign's settings with defaults filled in, before any rule is checked; `nil` while a required
    /// field is missing.
    package var settingsWithDefaults: CampaignSettings? {
        guard let type, let channel, let title, let description else { return nil }
        return CampaignSettings(
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
            conversationTimeoutHours: conversationTimeoutHours
                ?? (type == .scheduling ? CampaignSettings.schedulingTimeoutHours : CampaignSettings.defaultConversationTimeoutHours),
            maxNudges: maxNudges ?? CampaignSettings.defaultMaxNudges,
            nudgeIntervalHours: nudgeIntervalHours ?? CampaignSettings.defaultNudgeIntervalHours,
            ownerEmail: ownerEmail,
            openingMessageTemplateID: openingMessageTemplateID,
            customTemplatedMessage: customTemplatedMessage,
            customRequest: customRequest,
            externalCampaignID: externalCampaignID,
            emailChannelFallbackEnabled: emailChannelFallbackEnabled,
            agentName: agentName ?? Agent.defaultName,
            agentTone: agentTone ?? Agent.defaultTone
        )
    }
}
