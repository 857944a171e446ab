package import Foundation

/// A recruiting campaign: one agent, its questions, a channel and a closing method, shared by every
/// conversation started under it.
package struct Campaign: Sendable, Equatable {
    package typealias ID = Identifier<Campaign>

    package var id: ID
    package var organizationID: Organization.ID
    package var settings: CampaignSettings
    /// The agent matching `settings.agentName` and `settings.agentTone`.
    package var agentID: Agent.ID
    package var createdAt: Date
    package var updatedAt: Date
    /// Whether any of the campaign's conversations is flagged for review; read from them, never stored.
    package var needsReview = false

    package init(
        id: ID,
        organizationID: Organization.ID,
        settings: CampaignSettings,
        agentID: Agent.ID,
        createdAt: Date,
        updatedAt: Date
    ) {
        self.id = id
        self.organizationID = organizationID
        self.settings = settings
        self.agentID = agentID
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
