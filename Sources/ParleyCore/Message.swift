package import Foundation

/// One message of a conversation, in either direction.
package struct Message: Sendable, Equatable {
    package typealias ID = Identifier<Message>

    /// Who wrote it.
    package enum Role: String, Sendable, Codable, CaseIterable {
        /// The AI agent.
        case agent = "AGENT"
        case candidate = "CANDIDATE"
        /// A recruiter.
        case user = "USER"
        case system = "SYSTEM"
    }

    /// How far an outbound message got; inbound messages are RECEIVED.
    package enum DeliveryStatus: String, Sendable, Codable, CaseIterable {
        case queued = "QUEUED"
        case sent = "SENT"
        case delivered = "DELIVERED"
        case failed = "FAILED"
        case received = "RECEIVED"
    }

    package var id: ID
    package var conversationID: Conversation.ID
    /// The message's place in its conversation, from 1.
    package var position: Int
    package var role: Role
    package var content: String
    package var channel: Channel
    package var deliveryStatus: DeliveryStatus
    package var providerMessageID: String?
    package var createdAt: Date

    package init(
        id: ID,
        conversationID: Conversation.ID,
        position: Int,
        role: Role,
        content: String,
        channel: Channel,
        deliveryStatus: DeliveryStatus,
        providerMessageID: String? = nil,
        createdAt: Date
    ) {
        self.id = id
        self.conversationID = conversationID
        self.position = position
        self.role = role
        self.content = content
        self.channel = channel
        self.deliveryStatus = deliveryStatus
        self.providerMessageID = providerMessageID
        self.createdAt = createdAt
    }
}
