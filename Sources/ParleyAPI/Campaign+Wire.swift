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
                ownerEmail: settings.ownerEmail,
                campaignStatus: .init(settings.status),
                openingMessageTemplateId: settings.openingMessageTemplateID?.uuidString,
                customTemplatedMessage: settings.customTemplatedMessage,
                customRequest: settings.customRequest,
                emailChannelFallbackEnabled: settings.emailChannelFallbackEnabled,
                agentName: settings.agentName,
                agentTone: .init(settings.agentTone)
            ),
            value2: .init(
                id: campaign.id.uuidString,
                organizationId: campaign.organizationID.uuidString,
                _type: .init(settings.type),
                campaignType: .init(settings.type),
                channel: .init(settings.channel),
                // Conversations do not exist yet, so none can be flagged for review.
                needsReview: false,
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
        self.init(questionType: .init(question.type), content: question.content, isMandatory: question.isMandatory)
    }

    var domain: Question {
        Question(type: questionType?.domain ?? .yesNo, content: content, isMandatory: isMandatory ?? false)
    }
}

extension CampaignDraft {
    /// The draft a create request asks for; throws a 400 naming every missing required field.
    init(_ body: Components.Schemas.CreateCampaignRequest) throws(APIError) {
        let fields = body.value1
        var missing: [ValidationError.Issue] = []
        if body.value2.campaignType == nil { missing.append(.init(field: "campaignType", rule: "is required")) }
        if body.value2.channel == nil { missing.append(.init(field: "channel", rule: "is required")) }
        if fields.campaignTitle == nil { missing.append(.init(field: "campaignTitle", rule: "is required")) }
        if fields.campaignDescription == nil { missing.append(.init(field: "campaignDescription", rule: "is required")) }
        guard
            missing.isEmpty,
            let type = body.value2.campaignType, let channel = body.value2.channel,
            let title = fields.campaignTitle, let description = fields.campaignDescription
        else { throw APIError(ValidationError(missing)) }

        self.init(type: type.domain, channel: channel.domain, title: title, description: description)
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
        questions = body.value2.questions?.map(\.domain)
        additionalContext = fields.additionalContext
        conversationTimeoutHours = fields.conversationTimeout
        ownerEmail = fields.ownerEmail
        openingMessageTemplateID = try fields.openingMessageTemplateId.map(Self.templateID)
        customTemplatedMessage = fields.customTemplatedMessage
        customRequest = fields.customRequest
        emailChannelFallbackEnabled = fields.emailChannelFallbackEnabled
        agentName = fields.agentName
        agentTone = fields.agentTone?.domain
    }

    static func templateID(_ text: String) throws(APIError) -> MessageTemplate.ID {
        guard let id = MessageTemplate.ID(uuidString: text) else {
            throw APIError.badRequest("openingMessageTemplateId", "must be a UUID")
        }
        return id
    }
}

extension CampaignChanges {
    /// The changes an update request asks for.
    init(_ body: Components.Schemas.UpdateCampaignRequest) throws(APIError) {
        let fields = body.value1
        self.init()
        type = body.value2.campaignType?.domain
        channel = body.value2.channel?.domain
        questions = body.value2.questions?.map(\.domain)
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
        ownerEmail = fields.ownerEmail
        openingMessageTemplateID = try fields.openingMessageTemplateId.map(CampaignDraft.templateID)
        customTemplatedMessage = fields.customTemplatedMessage
        customRequest = fields.customRequest
        emailChannelFallbackEnabled = fields.emailChannelFallbackEnabled
        agentName = fields.agentName
        agentTone = fields.agentTone?.domain
    }
}
