package import Foundation

/// The persona that talks to candidates: a name and a tone. Campaigns name one by `agentName` and `agentTone`;
/// an organization has one agent per distinct pair.
package struct Agent: Sendable, Equatable {
    package typealias ID = Identifier<Agent>

    package var id: ID
    package var organizationID: Organization.ID
    package var name: String
    package var tone: AgentTone
    package var createdAt: Date

    package init(id: ID, organizationID: Organization.ID, name: String, tone: AgentTone, createdAt: Date) {
        self.id = id
        self.organizationID = organizationID
        self.name = name
        self.tone = tone
        self.createdAt = createdAt
    }

    /// The name an agent gets when a campaign names none.
    package static let defaultName = "Alex"
    /// The tone an agent gets when a campaign names none.
    package static let defaultTone = AgentTone.friendly
}
