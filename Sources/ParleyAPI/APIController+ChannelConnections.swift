import Foundation
import HTTPTypes
import ParleyChannels
import ParleyCore
package import ParleyOpenAPI
import ParleyStore
import ParleyWebhooks

extension APIController {
    package func listChannelConnections(
        _ input: Operations.ListChannelConnections.Input
    ) async throws -> Operations.ListChannelConnections.Output {
        let organizationID = try RequestOrganization.require()
        var data: [Components.Schemas.ChannelConnection] = []
        for connection in try await channelConnections.list(organizationID: organizationID) {
            data.append(try await wire(connection))
        }
        return .ok(.init(body: .json(.init(data: data))))
    }

    package func createChannelConnection(
        _ input: Operations.CreateChannelConnection.Input
    ) async throws -> Operations.CreateChannelConnection.Output {
        let organizationID = try RequestOrganization.require()
        guard case .json(let body) = input.body else { throw APIError.badRequest("body", "must be a JSON object") }
        let channel = body.channel.domain
        let provider = body.provider.domain
        let fields = ChannelConnectionFields(
            sender: body.sender, credentials: body.credentials?.additionalProperties, apiBaseURL: body.apiBaseUrl,
            messagesPerSecond: body.messagesPerSecond, whatsAppTemplate: body.whatsappTemplate.map(WhatsAppTemplate.init)
        )
        try fields.checkCreate(channel: channel, provider: provider)
        try checkTarget(fields.apiBaseURL)
        let now = clock.now()
        let connection = ChannelConnection(
            id: ids.next(), organizationID: organizationID, channel: channel, provider: provider, sender: body.sender,
            apiBaseURL: Self.trimmed(body.apiBaseUrl ?? provider.defaultAPIBaseURL ?? ""),
            messagesPerSecond: body.messagesPerSecond ?? provider.defaultMessagesPerSecond(on: channel),
            whatsAppTemplate: fields.whatsAppTemplate, createdAt: now, updatedAt: now
        )
        do {
            let created = try await channelConnections.create(
                connection, sealedCredentials: try await keyring.box().seal(credentials: fields.credentials ?? [:]))
            return .created(.init(body: .json(try await wire(created))))
        } catch ChannelConnectionRepository.CreateError.channelTaken(let existing) {
            throw APIError(.conflict, "channel: the organization already has a \(channel.rawValue) connection (\(existing)); update or delete it")
        }
    }

    package func getChannelConnection(_ input: Operations.GetChannelConnection.Input) async throws -> Operations.GetChannelConnection.Output {
        let organizationID = try RequestOrganization.require()
        guard let connection = try await channelConnections.find(try Self.connectionID(input.path.connectionId), organizationID: organizationID)
        else { throw APIError.notFound("connectionId") }
        return .ok(.init(body: .json(try await wire(connection))))
    }

    package func updateChannelConnection(
        _ input: Operations.UpdateChannelConnection.Input
    ) async throws -> Operations.UpdateChannelConnection.Output {
        let organizationID = try RequestOrganization.require()
        let id = try Self.connectionID(input.path.connectionId)
        guard case .json(let body) = input.body else { throw APIError.badRequest("body", "must be a JSON object") }
        let fields = ChannelConnectionFields(
            sender: body.sender, credentials: body.credentials?.additionalProperties, apiBaseURL: body.apiBaseUrl.map(Self.trimmed),
            messagesPerSecond: body.messagesPerSecond, whatsAppTemplate: body.whatsappTemplate.map(WhatsAppTemplate.init)
        )
        guard
            fields.sender != nil || fields.credentials != nil || fields.apiBaseURL != nil || fields.messagesPerSecond != nil
                || fields.whatsAppTemplate != nil
        else { throw ValidationError(field: "body", rule: "must contain at least one field to update") }
        guard let existing = try await channelConnections.find(id, organizationID: organizationID) else { throw APIError.notFound("connectionId") }
        try fields.checkUpdate(channel: existing.channel, provider: existing.provider)
        try checkTarget(fields.apiBaseURL)
        var sealed: String?
        if let credentials = fields.credentials { sealed = try await keyring.box().seal(credentials: credentials) }
        guard
            let updated = try await channelConnections.update(
                id, organizationID: organizationID, fields: fields, sealedCredentials: sealed, at: clock.now())
        else { throw APIError.notFound("connectionId") }
        return .ok(.init(body: .json(try await wire(updated))))
    }

    package func deleteChannelConnection(
        _ input: Operations.DeleteChannelConnection.Input
    ) async throws -> Operations.DeleteChannelConnection.Output {
        let organizationID = try RequestOrganization.require()
        guard try await channelConnections.delete(try Self.connectionID(input.path.connectionId), organizationID: organizationID) else {
            throw APIError.notFound("connectionId")
        }
        return .noContent(.init())
    }

    /// Refuses a URL (`field`) on a local name or a loopback, private or reserved address, as webhooks are refused,
    /// unless the server allows private targets (a relay or calendar on its own network, tests).
    func checkTarget(_ url: String?, field: String = "apiBaseUrl") throws(APIError) {
        guard let url, !allowPrivateChannelTargets, let host = URLComponents(string: url)?.host else { return }
        do {
            _ = try AddressPolicy.checkURL("https://\(host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host)/")
        } catch {
            throw APIError.badRequest(field, error.description)
        }
    }

    /// The connection as the API shows it, with the URLs to paste into the provider's console.
    private func wire(_ connection: ChannelConnection) async throws -> Components.Schemas.ChannelConnection {
        let token =
            connection.channel == .email
            ? try await keyring.box().token(for: CallbackURLs.inboundEmailPurpose, connection.id.uuidString) : nil
        return Components.Schemas.ChannelConnection(
            id: connection.id.uuidString, channel: .init(connection.channel), provider: .init(connection.provider), sender: connection.sender,
            apiBaseUrl: connection.apiBaseURL, messagesPerSecond: connection.messagesPerSecond,
            whatsappTemplate: connection.whatsAppTemplate.map { .init(name: $0.name, language: $0.language) },
            inboundUrl: callbackURLs.inbound(of: connection.id.rawValue, token: token),
            statusCallbackUrl: connection.provider == .meta
                ? callbackURLs.inbound(of: connection.id.rawValue, token: nil) : callbackURLs.status(of: connection.id.rawValue),
            createdAt: connection.createdAt, updatedAt: connection.updatedAt
        )
    }

    private static func trimmed(_ url: String) -> String {
        url.hasSuffix("/") ? String(url.dropLast()) : url
    }

    private static func connectionID(_ text: String) throws(APIError) -> ChannelConnection.ID {
        guard let id = ChannelConnection.ID(uuidString: text) else { throw APIError.badRequest("connectionId", "must be a UUID") }
        return id
    }
}

extension WhatsAppTemplate {
    init(_ wire: Components.Schemas.WhatsAppTemplate) {
        self.init(name: wire.name, language: wire.language)
    }
}
