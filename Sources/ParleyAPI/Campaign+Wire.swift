import Foundation
import ParleyCore
import ParleyOpenAPI

extension Components.Schemas.Campaign {
    /// The wire form of a campaign.
    init(_ campaign: Campaign) {
        let settings = campaign.settings
        self.init(
            value1: .init(
                campaignTitle: settings.title,
                campaignDescription: settings.description,
                closingMethod: .init(settings.closingMethod),
                closingMessage: settings.closingMessage,
                rejectionMessage: settings.rejectionMessage,
                customMessage: settings.customMessage,
                contactNumber: settings.contactNumber,
                meetingUrl: settings.meetingURL,
                calendarMeetingTemplateId: settings.calendarMeetingTemplateID,
                company: settings.company,
                location: settings.location,
                additionalContext: settings.additionalContext,
                conversationTimeout: settings.conversationTimeoutHours,
                maxNudges: settings.maxNudges,
                nudgeIntervalHours: settings.nudgeIntervalHours,
                ownerEmail: settings.ownerEmail,
                campaignStatus: .init(settings.status),
                openingMessageTemplateId: settings.openingMessageTemplateID?.uuidString,
                customTemplatedMessage: settings.customTemplatedMessage,
                customRequest: settings.customRequest,
                externalCampaignId: settings.externalCampaignID,
                emailChannelFallbackEnabled: settings.emailChannelFallbackEnabled,
                agentName: settings.agentName,
                agentTone: .init(settings.agentTone),
                agentKind: .init(settings.agentKind)
            ),
            value2: .init(
                id: campaign.id.uuidString,
                organizationId: campaign.organizationID.uuidString,
                _type: .init(settings.type),
                campaignType: .init(settings.type),
                channel: .init(settings.channel),
                needsReview: campaign.needsReview,
                agent: .init(id: campaign.agentID.uuidString, agentName: settings.agentName, agentTone: .init(settings.agentTone)),
                questions: settings.questions.map(Components.Schemas.Question.init),
                createdAt: campaign.createdAt,
                updatedAt: campaign.updatedAt
            )
        )
    }
}

extension Components.Schemas.Question {
    init(_ question: Question) {
        self.init(
            questionType: .init(question.type), content: question.content, isMandatory: question.isMandatory,
            idealAnswer: question.idealAnswer, minimum: question.minimum, options: question.options
        )
    }

    var domain: Question {
        let type = questionType?.domain ?? .yesNo
        // YES_NO ideal answers are enum-like: "yes" means YES.
        let ideal = type == .yesNo ? idealAnswer?.uppercased() : idealAnswer
        return Question(
            type: type, content: content, isMandatory: isMandatory ?? false, idealAnswer: ideal, minimum: minimum, options: options
        )
    }
}

extension CampaignFields {
    /// The fields a create or update request sends.
    init(
        _ fields: Components.Schemas.CampaignFields,
        type: Components.Schemas.CampaignType?,
        channel: Components.Schemas.Channel?,
        questions: [Components.Schemas.Question]?
    ) throws(APIError) {
        self.init()
        self.type = type?.domain
        self.channel = channel?.domain
        self.questions = questions?.map(\.domain)
        title = fields.campaignTitle
        description = fields.campaignDescription
        closingMethod = fields.closingMethod?.domain
        status = fields.campaignStatus?.domain
        closingMessage = fields.closingMessage
        rejectionMessage = fields.rejectionMessage
        customMessage = fields.customMessage
        contactNumber = fields.contactNumber
        meetingURL = fields.meetingUrl
        calendarMeetingTemplateID = fields.calendarMeetingTemplateId
        company = fields.company
        location = fields.location
        additionalContext = fields.additionalContext
        conversationTimeoutHours = fields.conversationTimeout
        maxNudges = fields.maxNudges
        nudgeIntervalHours = fields.nudgeIntervalHours
        ownerEmail = fields.ownerEmail
        if let text = fields.openingMessageTemplateId {
            guard let id = MessageTemplate.ID(uuidString: text) else {
                throw APIError.badRequest("openingMessageTemplateId", "must be a UUID")
            }
            openingMessageTemplateID = id
        }
        customTemplatedMessage = fields.customTemplatedMessage
        customRequest = fields.customRequest
        externalCampaignID = fields.externalCampaignId
        emailChannelFallbackEnabled = fields.emailChannelFallbackEnabled
        agentName = fields.agentName
        agentTone = fields.agentTone?.domain
        agentKind = fields.agentKind?.domain
    }
}
