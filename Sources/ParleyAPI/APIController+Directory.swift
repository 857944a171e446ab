import ParleyCore
package import ParleyOpenAPI
import ParleyStore

extension APIController {
    package func listAgents(_ input: Operations.ListAgents.Input) async throws -> Operations.ListAgents.Output {
        let organizationID = try RequestOrganization.require()
        let agents = try await agents.list(organizationID: organizationID)
        let data = agents.map { Components.Schemas.Agent(id: $0.id.uuidString, agentName: $0.name, agentTone: .init($0.tone)) }
        return .ok(.init(body: .json(.init(data: data))))
    }

    package func listTemplates(_ input: Operations.ListTemplates.Input) async throws -> Operations.ListTemplates.Output {
        let organizationID = try RequestOrganization.require()
        let data = try await templates.list(organizationID: organizationID).map { template in
            Components.Schemas.MessageTemplate(
                id: template.id.uuidString,
                _type: .openingMessage,
                channel: .init(template.channel),
                campaignType: .init(template.campaignType),
                name: template.name,
                content: template.content,
                createdAt: template.createdAt
            )
        }
        return .ok(.init(body: .json(.init(data: data))))
    }

    package func getOrganization(_ input: Operations.GetOrganization.Input) async throws -> Operations.GetOrganization.Output {
        let organizationID = try RequestOrganization.require()
        guard let organization = try await organizations.find(organizationID) else { throw APIError.notFound("organization") }
        return .ok(.init(body: .json(.init(id: organization.id.uuidString, name: organization.name, createdAt: organization.createdAt))))
    }
}

extension APIController {
    package func getOrganizationConfig(_ input: Operations.GetOrganizationConfig.Input) async throws -> Operations.GetOrganizationConfig.Output {
        let organizationID = try RequestOrganization.require()
        return .ok(.init(body: .json(try await config(of: organizationID))))
    }

    package func updateOrganizationConfig(
        _ input: Operations.UpdateOrganizationConfig.Input
    ) async throws -> Operations.UpdateOrganizationConfig.Output {
        let organizationID = try RequestOrganization.require()
        guard case .json(let body) = input.body, let wire = body.businessHours else {
            throw ValidationError(field: "body", rule: "must contain at least one field to update")
        }
        let hours = try BusinessHours(days: wire.days.map(\.rawValue), start: wire.start, end: wire.end)
        try await organizations.setBusinessHours(hours, of: organizationID)
        return .ok(.init(body: .json(try await config(of: organizationID))))
    }

    private func config(of organizationID: Organization.ID) async throws -> Components.Schemas.OrganizationConfig {
        let hours = try await organizations.businessHours(of: organizationID)
        return .init(
            organizationId: organizationID.uuidString,
            businessHours: .init(days: hours.dayNamesOpen.compactMap(Components.Schemas.Weekday.init(rawValue:)), start: hours.start, end: hours.end)
        )
    }
}
