import Foundation
import ParleyCore
import SQLKit

/// A `conversations` row, field for column (``CodingKeys`` name the snake_case columns).
struct ConversationRecord: Codable, Sendable {
    var id: String
    var organizationId: String
    var campaignId: String
    var channel: String
    var contact: String
    var status: String
    var firstName: String
    var lastName: String?
    var phoneNumber: String?
    var emailAddress: String?
    var externalId: String?
    var externalCampaignId: String?
    var applicationSource: String?
    var openingMessage: String?
    var needsReview: Bool
    var sendDuringBusinessHours: Bool
    var isHumanTakeover: Bool
    var outcomes: String
    var clarificationAsked: Bool
    var reviewReason: String?
    var humanRequested: Bool
    var nudgesSent: Int
    var awaitingReplySince: Int64?
    /// JSON `[[startMs, endMs], …]`; `NULL` when no offer is open.
    var offeredSlots: String?
    var meetingTemplateId: String?
    var createdAt: Int64
    var updatedAt: Int64

    init(_ conversation: Conversation) throws {
        id = conversation.id.uuidString
        organizationId = conversation.organizationID.uuidString
        campaignId = conversation.campaignID.uuidString
        channel = conversation.channel.rawValue
        contact = conversation.contact
        status = conversation.status.rawValue
        firstName = conversation.firstName
        lastName = conversation.lastName
        phoneNumber = conversation.phoneNumber
        emailAddress = conversation.emailAddress
        externalId = conversation.externalID
        externalCampaignId = conversation.externalCampaignID
        applicationSource = conversation.applicationSource
        openingMessage = conversation.openingMessage
        needsReview = conversation.needsReview
        sendDuringBusinessHours = conversation.sendDuringBusinessHours
        isHumanTakeover = conversation.isHumanTakeover
        outcomes = String(decoding: try JSONEncoder().encode(conversation.outcomes), as: UTF8.self)
        clarificationAsked = conversation.clarificationAsked
        reviewReason = conversation.reviewReason
        humanRequested = conversation.humanRequested
        nudgesSent = conversation.nudgesSent
        awaitingReplySince = conversation.awaitingReplySince?.millisecondsSince1970
        let slots = conversation.offeredSlots.map { [$0.start.millisecondsSince1970, $0.end.millisecondsSince1970] }
        offeredSlots = slots.isEmpty ? nil : String(decoding: try JSONEncoder().encode(slots), as: UTF8.self)
        meetingTemplateId = conversation.meetingTemplateID?.uuidString
        createdAt = conversation.createdAt.millisecondsSince1970
        updatedAt = conversation.updatedAt.millisecondsSince1970
    }

    func conversation() throws -> Conversation {
        guard
            let id = Conversation.ID(uuidString: id),
            let organizationID = Organization.ID(uuidString: organizationId),
            let campaignID = Campaign.ID(uuidString: campaignId),
            let channel = Channel(rawValue: channel),
            let status = ConversationStatus(rawValue: status)
        else { throw StoreError.corruptRow("conversations") }
        let slots = try offeredSlots.map { try JSONDecoder().decode([[Int64]].self, from: Data($0.utf8)) } ?? []
        guard slots.allSatisfy({ $0.count == 2 && $0[0] <= $0[1] }) else { throw StoreError.corruptRow("conversations") }
        let templateID = try meetingTemplateId.map { text in
            guard let id = MeetingTemplate.ID(uuidString: text) else { throw StoreError.corruptRow("conversations") }
            return id
        }
        return Conversation(
            id: id, organizationID: organizationID, campaignID: campaignID, channel: channel, status: status, firstName: firstName,
            lastName: lastName, phoneNumber: phoneNumber, emailAddress: emailAddress, externalID: externalId, externalCampaignID: externalCampaignId,
            applicationSource: applicationSource, openingMessage: openingMessage, needsReview: needsReview,
            sendDuringBusinessHours: sendDuringBusinessHours,
            isHumanTakeover: isHumanTakeover, outcomes: try JSONDecoder().decode([ScreeningOutcome].self, from: Data(outcomes.utf8)),
            clarificationAsked: clarificationAsked, reviewReason: reviewReason, humanRequested: humanRequested, nudgesSent: nudgesSent,
            awaitingReplySince: awaitingReplySince.map(Date.init(millisecondsSince1970:)),
            offeredSlots: slots.map { DateInterval(start: Date(millisecondsSince1970: $0[0]), end: Date(millisecondsSince1970: $0[1])) },
            meetingTemplateID: templateID, createdAt: Date(millisecondsSince1970: createdAt),
            updatedAt: Date(millisecondsSince1970: updatedAt)
        )
    }

    static func conversation(from row: any SQLRow) throws -> Conversation {
        try row.decode(model: ConversationRecord.self).conversation()
    }

    /// The columns, named once here: SQLKit's snake_case conversion would redo it for every key of every row.
    enum CodingKeys: String, CodingKey {
        case id
        case organizationId = "organization_id"
        case campaignId = "campaign_id"
        case channel
        case contact
        case status
        case firstName = "first_name"
        case lastName = "last_name"
        case phoneNumber = "phone_number"
        case emailAddress = "email_address"
        case externalId = "external_id"
        case externalCampaignId = "external_campaign_id"
        case applicationSource = "application_source"
        case openingMessage = "opening_message"
        case needsReview = "needs_review"
        case sendDuringBusinessHours = "send_during_business_hours"
        case isHumanTakeover = "is_human_takeover"
        case outcomes
        case clarificationAsked = "clarification_asked"
        case reviewReason = "review_reason"
        case humanRequested = "human_requested"
        case nudgesSent = "nudges_sent"
        case awaitingReplySince = "awaiting_reply_since"
        case offeredSlots = "offered_slots"
        case meetingTemplateId = "meeting_template_id"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}

extension Message {
    static func from(_ row: any SQLRow) throws -> Message {
        guard
            let id = Message.ID(uuidString: try row.decode(column: "id", as: String.self)),
            let conversationID = Conversation.ID(uuidString: try row.decode(column: "conversation_id", as: String.self)),
            let role = Message.Role(rawValue: try row.decode(column: "role", as: String.self)),
            let channel = Channel(rawValue: try row.decode(column: "channel", as: String.self)),
            let status = Message.DeliveryStatus(rawValue: try row.decode(column: "delivery_status", as: String.self))
        else { throw StoreError.corruptRow("messages") }
        return Message(
            id: id, conversationID: conversationID, position: try row.decode(column: "position", as: Int.self), role: role,
            content: try row.decode(column: "content", as: String.self), channel: channel, deliveryStatus: status,
            providerMessageID: try row.decode(column: "provider_message_id", as: String?.self),
            createdAt: Date(millisecondsSince1970: try row.decode(column: "created_at", as: Int64.self))
        )
    }
}
