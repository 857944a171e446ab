import Foundation
import ParleyCore
package import ParleyOpenAPI
import ParleyStore
import ParleyWebhooks

extension APIController {
    package func listWebhooks(_ input: Operations.ListWebhooks.Input) async throws -> Operations.ListWebhooks.Output {
        let organizationID = try RequestOrganization.require()
        let list = try await webhooks.list(organizationID: organizationID)
        return .ok(.init(body: .json(.init(data: list.map(Components.Schemas.Webhook.init)))))
    }

    package func listWebhookEvents(_ input: Operations.ListWebhookEvents.Input) async throws -> Operations.ListWebhookEvents.Output {
        _ = try RequestOrganization.require()
        let data = EventCatalog.entries.map {
            Components.Schemas.WebhookEventInfo(event: .init($0.event), description: $0.description, category: $0.category)
        }
        return .ok(.init(body: .json(.init(data: data))))
    }

    package func createWebhook(_ input: Operations.CreateWebhook.Input) async throws -> Operations.CreateWebhook.Output {
        let organizationID = try RequestOrganization.require()
        guard case .json(let body) = input.body else { throw APIError.badRequest("body", "must be a JSON object") }
        let events = body.events.map(\.domain)
        var validator = Validator()
        checkURL(body.url, into: &validator)
        Webhook.checkEvents(events, into: &validator)
        validator.text(body.description, "description", Webhook.descriptionLimit)
        try validator.finish()
        let secret = WebhookSecret.generate()
        let sealed = try await keyring.box().seal(secret.text)
        guard
            let webhook = try await webhooks.create(
                url: body.url, events: events, description: body.description, sealedSecret: sealed, organizationID: organizationID, ids: ids,
                at: clock.now()
            )
        else {
            throw APIError.badRequest("url", "the organization already has \(WebhookRepository.maximumPerOrganization) webhooks, the most it may")
        }
        return .created(.init(body: .json(.init(webhook, secret: secret))))
    }

    package func getWebhook(_ input: Operations.GetWebhook.Input) async throws -> Operations.GetWebhook.Output {
        .ok(.init(body: .json(.init(try await webhook(input.path.webhookId)))))
    }

    package func updateWebhook(_ input: Operations.UpdateWebhook.Input) async throws -> Operations.UpdateWebhook.Output {
        let organizationID = try RequestOrganization.require()
        let id = try Self.webhookID(input.path.webhookId)
        guard case .json(let body) = input.body else { throw APIError.badRequest("body", "must be a JSON object") }
        guard body.url != nil || body.events != nil || body.description != nil || body.isActive != nil else {
            throw ValidationError(field: "body", rule: "must contain at least one field to update")
        }
        let events = body.events?.map(\.domain)
        var validator = Validator()
        if let url = body.url { checkURL(url, into: &validator) }
        if let events { Webhook.checkEvents(events, into: &validator) }
        validator.text(body.description, "description", Webhook.descriptionLimit)
        try validator.finish()
        guard
            let webhook = try await webhooks.update(
                id, organizationID: organizationID, url: body.url, events: events, description: body.description, isActive: body.isActive,
                at: clock.now()
            )
        else { throw APIError.notFound("webhookId") }
        return .ok(.init(body: .json(.init(webhook))))
    }

    package func deleteWebhook(_ input: Operations.DeleteWebhook.Input) async throws -> Operations.DeleteWebhook.Output {
        let organizationID = try RequestOrganization.require()
        guard try await webhooks.delete(try Self.webhookID(input.path.webhookId), organizationID: organizationID) else {
            throw APIError.notFound("webhookId")
        }
        return .noContent(.init())
    }

    package func testWebhook(_ input: Operations.TestWebhook.Input) async throws -> Operations.TestWebhook.Output {
        let result = try await deliverer.sendTest(to: try await webhook(input.path.webhookId))
        return .ok(
            .init(
                body: .json(
                    .init(success: result.succeeded, statusCode: result.statusCode, durationMs: result.durationMilliseconds, error: result.error)
                )
            )
        )
    }

    package func rotateWebhookSecret(_ input: Operations.RotateWebhookSecret.Input) async throws -> Operations.RotateWebhookSecret.Output {
        let organizationID = try RequestOrganization.require()
        let id = try Self.webhookID(input.path.webhookId)
        let secret = WebhookSecret.generate()
        let now = clock.now()
        guard
            let webhook = try await webhooks.rotate(
                id, organizationID: organizationID, sealedSecret: try await keyring.box().seal(secret.text),
                previousExpiresAt: now.addingTimeInterval(24 * 3600), at: now
            )
        else { throw APIError.notFound("webhookId") }
        return .ok(.init(body: .json(.init(webhook, secret: secret))))
    }

    package func listWebhookDeliveries(_ input: Operations.ListWebhookDeliveries.Input) async throws -> Operations.ListWebhookDeliveries.Output {
        let webhook = try await webhook(input.path.webhookId)
        let page = try await webhooks.deliveries(
            of: webhook.id, limit: try PageSize.validated(input.query.limit), nextToken: input.query.nextToken
        )
        return .ok(.init(body: .json(.init(data: page.items.map(Components.Schemas.WebhookDelivery.init), nextToken: page.nextToken))))
    }

    package func redeliverWebhookDelivery(
        _ input: Operations.RedeliverWebhookDelivery.Input
    ) async throws -> Operations.RedeliverWebhookDelivery.Output {
        let organizationID = try RequestOrganization.require()
        let webhookID = try Self.webhookID(input.path.webhookId)
        guard let deliveryID = WebhookDelivery.ID(uuidString: input.path.deliveryId) else {
            throw APIError.badRequest("deliveryId", "must be a UUID")
        }
        guard try await webhooks.find(webhookID, organizationID: organizationID) != nil else { throw APIError.notFound("webhookId") }
        guard let delivery = try await webhooks.redeliver(deliveryID, of: webhookID, organizationID: organizationID, ids: ids, at: clock.now())
        else { throw APIError.notFound("deliveryId") }
        return .accepted(.init(body: .json(.init(delivery))))
    }

    // MARK: Helpers

    private func webhook(_ text: String) async throws -> Webhook {
        let organizationID = try RequestOrganization.require()
        guard let webhook = try await webhooks.find(try Self.webhookID(text), organizationID: organizationID) else {
            throw APIError.notFound("webhookId")
        }
        return webhook
    }

    private static func webhookID(_ text: String) throws -> Webhook.ID {
        guard let id = Webhook.ID(uuidString: text) else { throw APIError.badRequest("webhookId", "must be a UUID") }
        return id
    }

    /// The target rules: length, http(s), and no private or reserved address unless the server allows them.
    private func checkURL(_ url: String, into validator: inout Validator) {
        guard url.count <= Webhook.urlLimit else { return validator.fail("url", "must be at most \(Webhook.urlLimit) characters") }
        do {
            _ = try AddressPolicy.checkURL(url)
        } catch {
            let schemeOnly = URLComponents(string: url).map { ["http", "https"].contains($0.scheme?.lowercased() ?? "") && $0.host != nil } ?? false
            if !(allowPrivateWebhookTargets && schemeOnly) { validator.fail("url", error.description) }
        }
    }
}

extension Components.Schemas.Webhook {
    init(_ webhook: Webhook) {
        self.init(
            id: webhook.id.uuidString, url: webhook.url, events: webhook.events.map(Components.Schemas.WebhookEventType.init),
            description: webhook.description, isActive: webhook.isActive, createdAt: webhook.createdAt, updatedAt: webhook.updatedAt
        )
    }
}

extension Components.Schemas.WebhookWithSecret {
    init(_ webhook: Webhook, secret: WebhookSecret) {
        self.init(value1: .init(webhook), value2: .init(secret: secret.text))
    }
}

extension Components.Schemas.WebhookDelivery {
    init(_ delivery: WebhookDelivery) {
        self.init(
            id: delivery.id.uuidString, webhookId: delivery.webhookID.uuidString, eventId: delivery.eventID.uuidString, event: .init(delivery.event),
            status: .init(rawValue: delivery.status.rawValue) ?? .failed,
            attempts: delivery.attempts.map {
                .init(attemptedAt: $0.attemptedAt, statusCode: $0.statusCode, durationMs: $0.durationMilliseconds, error: $0.error)
            },
            nextAttemptAt: delivery.nextAttemptAt, createdAt: delivery.createdAt
        )
    }
}
