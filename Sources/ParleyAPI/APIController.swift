import OpenAPIRuntime
package import ParleyCore
package import ParleyOpenAPI
package import ParleyStore

/// Implements the generated `APIProtocol`: each operation of `openapi.yaml` as a plain async function over the
/// repositories, testable without HTTP. Every `/v1` operation reads the caller's organization from
/// ``RequestOrganization`` and scopes every query by it.
package struct APIController: Sendable {
    let organizations: OrganizationRepository
    let campaigns: CampaignRepository
    let conversations: ConversationRepository
    let agents: AgentRepository
    let templates: MessageTemplateRepository
    let ids: IDGenerator
    let clock: WallClock
    let openAPIDocument: String

    /// - Parameter openAPIDocument: The text of `openapi.yaml`, served at `GET /openapi.yaml`.
    package init(database: Database, ids: IDGenerator, clock: WallClock, openAPIDocument: String) {
        self.organizations = OrganizationRepository(database: database)
        self.campaigns = CampaignRepository(database: database)
        self.conversations = ConversationRepository(database: database)
        self.agents = AgentRepository(database: database)
        self.templates = MessageTemplateRepository(database: database)
        self.ids = ids
        self.clock = clock
        self.openAPIDocument = openAPIDocument
    }
}

extension APIController: APIProtocol {
    package func getHealth(_ input: Operations.GetHealth.Input) async throws -> Operations.GetHealth.Output {
        .ok(.init(body: .json(.init(status: .ok))))
    }

    package func getOpenAPIDocument(_ input: Operations.GetOpenAPIDocument.Input) async throws -> Operations.GetOpenAPIDocument.Output {
        .ok(.init(body: .yaml(.init(openAPIDocument))))
    }
}
