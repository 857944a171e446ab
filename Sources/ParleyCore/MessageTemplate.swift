package import Foundation

/// A reusable message text with placeholders, such as a campaign's opening message.
package struct MessageTemplate: Sendable, Equatable {
    package typealias ID = Identifier<MessageTemplate>

    /// What a template is used for. Only opening messages exist so far.
    package enum Kind: String, Sendable, Codable, CaseIterable {
        case openingMessage = "OPENING_MESSAGE"
    }

    package var id: ID
    package var organizationID: Organization.ID
    package var kind: Kind
    package var channel: Channel
    package var campaignType: CampaignType
    package var name: String
    package var content: String
    package var createdAt: Date

    package init(
        id: ID,
        organizationID: Organization.ID,
        kind: Kind,
        channel: Channel,
        campaignType: CampaignType,
        name: String,
        content: String,
        createdAt: Date
    ) {
        self.id = id
        self.organizationID = organizationID
        self.kind = kind
        self.channel = channel
        self.campaignType = campaignType
        self.name = name
        self.content = content
        self.createdAt = createdAt
    }
}
