import Foundation
import ParleyCore

/// A `campaigns` row, field for column (``CodingKeys`` name the snake_case columns).
struct CampaignRecord: Codable, Sendable {
    var id: String
    var organizationId: String
    var agentId: String
    var type: String
    var channel: String
    var status: String
    var title: String
    var description: String
    var closingMethod: String
    var closingMessage: String?
    var rejectionMessage: String?
    var customMessage: String?
    var contactNumber: String?
    var meetingUrl: String?
    var calendarMeetingTemplateId: String?
    var company: String?
    var location: String?
    var questions: String
    var additionalContext: String?
    var conversationTimeoutHours: Int
    var maxNudges: Int
    var nudgeIntervalHours: Int
    var agentKind: String
    var ownerEmail: String?
    var openingMessageTemplateId: String?
    var customTemplatedMessage: String?
    var customRequest: String?
    var externalCampaignId: String?
    var emailChannelFallbackEnabled: Bool?
    var cancellationMessage: String?
    var createdAt: Int64
    var updatedAt: Int64

    /// The columns, named once here: SQLKit's snake_case conversion would redo it for every key of every row.
    enum CodingKeys: String, CodingKey {
        case id
        case organizationId = "organization_id"
        case agentId = "agent_id"
        case type
        case channel
        case status
        case title
        case description
        case closingMethod = "closing_method"
        case closingMessage = "closing_message"
        case rejectionMessage = "rejection_message"
        case customMessage = "custom_message"
        case contactNumber = "contact_number"
        case meetingUrl = "meeting_url"
        case calendarMeetingTemplateId = "calendar_meeting_template_id"
        case company
        case location
        case questions
        case additionalContext = "additional_context"
        case conversationTimeoutHours = "conversation_timeout_hours"
        case maxNudges = "max_nudges"
        case nudgeIntervalHours = "nudge_interval_hours"
        case agentKind = "agent_kind"
        case ownerEmail = "owner_email"
        case openingMessageTemplateId = "opening_message_template_id"
        case customTemplatedMessage = "custom_templated_message"
        case customRequest = "custom_request"
        case externalCampaignId = "external_campaign_id"
        case emailChannelFallbackEnabled = "email_channel_fallback_enabled"
        case cancellationMessage = "cancellation_message"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}

extension CampaignRecord {
    /// The row for `campaign`.
    init(_ campaign: Campaign, cancellationMessage: String? = nil) throws {
        let settings = campaign.settings
        self.init(
            id: campaign.id.uuidString,
            organizationId: campaign.organizationID.uuidString,
            agentId: campaign.agentID.uuidString,
            type: settings.type.rawValue,
            channel: settings.channel.rawValue,
            status: settings.status.rawValue,
            title: settings.title,
            description: settings.description,
            closingMethod: settings.closingMethod.rawValue,
            closingMessage: settings.closingMessage,
            rejectionMessage: settings.rejectionMessage,
            customMessage: settings.customMessage,
            contactNumber: settings.contactNumber,
            meetingUrl: settings.meetingURL,
            calendarMeetingTemplateId: settings.calendarMeetingTemplateID,
            company: settings.company,
            location: settings.location,
            questions: String(decoding: try JSONEncoder().encode(settings.questions), as: UTF8.self),
            additionalContext: settings.additionalContext,
            conversationTimeoutHours: settings.conversationTimeoutHours,
            maxNudges: settings.maxNudges,
            nudgeIntervalHours: settings.nudgeIntervalHours,
            agentKind: settings.agentKind.rawValue,
            ownerEmail: settings.ownerEmail,
            openingMessageTemplateId: settings.openingMessageTemplateID?.uuidString,
            customTemplatedMessage: settings.customTemplatedMessage,
            customRequest: settings.customRequest,
            externalCampaignId: settings.externalCampaignID,
            emailChannelFallbackEnabled: settings.emailChannelFallbackEnabled,
            cancellationMessage: cancellationMessage,
            createdAt: campaign.createdAt.millisecondsSince1970,
            updatedAt: campaign.updatedAt.millisecondsSince1970
        )
    }

    /// The campaign this row stores, with its agent's name and tone from the joined `agents` row; throws ``StoreError/corruptRow(_:)`` if a value is not one Parley writes.
    func campaign(agentName: String, agentTone: AgentTone) throws -> Campaign {
        guard
            let id = Campaign.ID(uuidString: id),
            let organizationID = Organization.ID(uuidString: organizationId),
            let agentID = Agent.ID(uuidString: agentId),
            let type = CampaignType(rawValue: type),
            let channel = Channel(rawValue: channel),
            let status = CampaignStatus(rawValue: status),
            let closingMethod = ClosingMethod(rawValue: closingMethod),
            let agentKind = AgentKind(rawValue: agentKind)
        else { throw StoreError.corruptRow("campaigns") }
        let settings = CampaignSettings(
            type: type,
            channel: channel,
            status: status,
            title: title,
            description: description,
            closingMethod: closingMethod,
            closingMessage: closingMessage,
            rejectionMessage: rejectionMessage,
            customMessage: customMessage,
            contactNumber: contactNumber,
            meetingURL: meetingUrl,
            calendarMeetingTemplateID: calendarMeetingTemplateId,
            company: company,
            location: location,
            questions: try JSONDecoder().decode([Question].self, from: Data(questions.utf8)),
            additionalContext: additionalContext,
            conversationTimeoutHours: conversationTimeoutHours,
            maxNudges: maxNudges,
            nudgeIntervalHours: nudgeIntervalHours,
            ownerEmail: ownerEmail,
            openingMessageTemplateID: openingMessageTemplateId.flatMap { MessageTemplate.ID(uuidString: $0) },
            customTemplatedMessage: customTemplatedMessage,
            customRequest: customRequest,
            externalCampaignID: externalCampaignId,
            emailChannelFallbackEnabled: emailChannelFallbackEnabled,
            agentName: agentName,
            agentTone: agentTone,
            agentKind: agentKind
        )
        return Campaign(
            id: id,
            organizationID: organizationID,
            settings: settings,
            agentID: agentID,
            createdAt: Date(millisecondsSince1970: createdAt),
            updatedAt: Date(millisecondsSince1970: updatedAt)
        )
    }
}
