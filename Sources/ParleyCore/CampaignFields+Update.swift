extension CampaignFields {
    /// `current` with these fields changed, or every rule the result or the change itself breaks.
    ///
    /// `campaignType`, `channel` and `questions` are fixed at creation: sending their current value is
    /// accepted so that a client may send a whole campaign back, any other value is refused. An ARCHIVED
    /// campaign is final.
    package func applied(to current: CampaignSettings, _ references: CampaignReferences) throws(ValidationError) -> CampaignSettings {
        var validator = Validator()
        guard !isEmpty else {
            throw ValidationError(field: "body", rule: "must contain at least one field to update")
        }
        if current.status == .archived {
            throw ValidationError(field: "campaignStatus", rule: "the campaign is ARCHIVED, which is final: it can no longer be changed")
        }
        if let type, type != current.type { validator.fail("campaignType", "cannot be changed after the campaign is created") }
        if let channel, channel != current.channel { validator.fail("channel", "cannot be changed after the campaign is created") }
        if let questions, questions != current.questions {
            validator.fail("questions", "cannot be changed after the campaign is created")
        }
        if let status, !current.status.canMove(to: status) {
            validator.fail("campaignStatus", "a \(current.status.rawValue) campaign cannot become \(status.rawValue)")
        }

        let next = merged(into: current)
        references.checkAgentKind(agentKind, into: &validator)
        CampaignRules.check(next, references, into: &validator)
        try validator.finish()
        return next
    }

    /// `current` with these changes laid over it, before any rule is checked. Tells the caller which templates
    /// and users to look up for ``applied(to:_:)``.
    package func merged(into current: CampaignSettings) -> CampaignSettings {
        var next = current
        next.title = title ?? current.title
        next.description = description ?? current.description
        next.closingMethod = current.type == .scheduling ? current.closingMethod : closingMethod ?? current.closingMethod
        next.status = status ?? current.status
        next.closingMessage = closingMessage ?? current.closingMessage
        next.rejectionMessage = rejectionMessage ?? current.rejectionMessage
        next.customMessage = customMessage ?? current.customMessage
        next.contactNumber = contactNumber ?? current.contactNumber
        next.meetingURL = meetingURL ?? current.meetingURL
        next.calendarMeetingTemplateID = calendarMeetingTemplateID ?? current.calendarMeetingTemplateID
        next.company = company ?? current.company
        next.location = location ?? current.location
        next.additionalContext = additionalContext ?? current.additionalContext
        next.conversationTimeoutHours = conversationTimeoutHours ?? current.conversationTimeoutHours
        next.maxNudges = maxNudges ?? current.maxNudges
        next.nudgeIntervalHours = nudgeIntervalHours ?? current.nudgeIntervalHours
        next.ownerEmail = ownerEmail ?? current.ownerEmail
        next.customRequest = customRequest ?? current.customRequest
        next.externalCampaignID = externalCampaignID ?? current.externalCampaignID
        next.emailChannelFallbackEnabled = emailChannelFallbackEnabled ?? current.emailChannelFallbackEnabled
        next.agentName = agentName ?? current.agentName
        next.agentTone = agentTone ?? current.agentTone
        next.agentKind = agentKind ?? current.agentKind
        // The two ways to open are exclusive, so choosing one replaces the other.
        if let openingMessageTemplateID {
            next.openingMessageTemplateID = openingMessageTemplateID
            next.customTemplatedMessage = customTemplatedMessage
        } else if let customTemplatedMessage {
            next.customTemplatedMessage = customTemplatedMessage
            next.openingMessageTemplateID = nil
        }
        return next
    }
}
