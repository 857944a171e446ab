package import Foundation

/// How an organization reaches candidates on one channel: a provider account, the sender candidates see, and
/// where the provider's API lives. Credentials are kept apart (sealed at rest) and never returned.
package struct ChannelConnection: Sendable, Equatable {
    package typealias ID = Identifier<ChannelConnection>

    package var id: ID
    package var organizationID: Organization.ID
    package var channel: Channel
    package var provider: ChannelProvider
    /// The phone number (E.164) or email address messages come from.
    package var sender: String
    /// The provider's API: its real one unless a regional edge or a test double is given.
    package var apiBaseURL: String
    /// The most messages per second this sender may send; every process shares the pace.
    package var messagesPerSecond: Double
    /// The approved template a business-initiated WhatsApp Cloud API message is sent with.
    package var whatsAppTemplate: WhatsAppTemplate?
    package var createdAt: Date
    package var updatedAt: Date

    package init(
        id: ID, organizationID: Organization.ID, channel: Channel, provider: ChannelProvider, sender: String, apiBaseURL: String,
        messagesPerSecond: Double, whatsAppTemplate: WhatsAppTemplate?, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.organizationID = organizationID
        self.channel = channel
        self.provider = provider
        self.sender = sender
        self.apiBaseURL = apiBaseURL
        self.messagesPerSecond = messagesPerSecond
        self.whatsAppTemplate = whatsAppTemplate
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The gap between two messages from this sender.
    package var sendInterval: TimeInterval { 1 / messagesPerSecond }
}

/// An approved WhatsApp message template with one body variable `{{1}}` that carries the agent's text: WhatsApp
/// lets a business write first, or again after 24 hours of silence, only with one.
package struct WhatsAppTemplate: Sendable, Equatable, Codable {
    /// Meta's template name, or the Content SID (`HX…`) of a Twilio content template.
    package var name: String
    /// The template's language, for Meta; Twilio's content templates carry their own.
    package var language: String?

    package init(name: String, language: String?) {
        self.name = name
        self.language = language
    }
}
