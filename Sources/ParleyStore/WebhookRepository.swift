package import Foundation
package import ParleyCore
import SQLKit

/// Webhooks, their deliveries and attempts. Every statement is scoped by organization id. Secrets are stored
/// sealed (``SecretBox``) and never read back through the API.
package struct WebhookRepository: Sendable {
    private let database: Database

    package init(database: Database) {
        self.database = database
    }

    /// The job that makes one delivery attempt.
    package static let deliverJob = "webhook.deliver"
    /// The most webhooks an organization may have.
    package static let maximumPerOrganization = 50

    /// A webhook's sealed secrets: the current one, and the previous one while it still signs after a rotation.
    package struct SealedSecrets: Sendable {
        package var current: String
        package var previous: String?
        package var previousExpiresAt: Date?
    }

    // MARK: Webhooks

    /// Creates a webhook; `nil` when the organization already has the most it may.
    package func create(
        url: String, events: [ConversationEvent.Kind], description: String?, sealedSecret: String, organizationID: Organization.ID,
        ids: IDGenerator, at now: Date
    ) async throws -> Webhook? {
        try await database.transaction { sql in
            let count =
                try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("webhooks")
                .where("organization_id", .equal, SQLBind(organizationID.uuidString)).first()?.decode(column: "n", as: Int.self) ?? 0
            guard count < Self.maximumPerOrganization else { return nil }
            let webhook = Webhook(
                id: ids.next(), organizationID: organizationID, url: url, events: events, description: description, isActive: true,
                createdAt: now, updatedAt: now
            )
            try await sql.insert(into: "webhooks")
                .columns("id", "organization_id", "url", "events", "description", "is_active", "secret", "created_at", "updated_at")
                .values(
                    SQLBind(webhook.id.uuidString), SQLBind(organizationID.uuidString), SQLBind(url), SQLBind(try Self.json(events)),
                    SQLBind(description), SQLBind(true), SQLBind(sealedSecret), SQLBind(now.millisecondsSince1970),
                    SQLBind(now.millisecondsSince1970)
                )
                .run()
            return webhook
        }
    }

    /// The organization's webhooks, oldest first.
    package func list(organizationID: Organization.ID) async throws -> [Webhook] {
        try await database.read { sql in
            try await sql.select().columns("*").from("webhooks").where("organization_id", .equal, SQLBind(organizationID.uuidString))
                .orderBy("created_at").orderBy("id").all().map(Self.webhook(from:))
        }
    }

    /// The organization's webhook with this id.
    package func find(_ id: Webhook.ID, organizationID: Organization.ID) async throws -> Webhook? {
        try await database.read { sql in try await Self.find(id, organizationID: organizationID, on: sql) }
    }

    static func find(_ id: Webhook.ID, organizationID: Organization.ID, on sql: any SQLDatabase) async throws -> Webhook? {
        try await sql.select().columns("*").from("webhooks")
            .where("id", .equal, SQLBind(id.uuidString)).where("organization_id", .equal, SQLBind(organizationID.uuidString))
            .first().map(Self.webhook(from:))
    }

    /// Changes the fields given; `nil` when there is no such webhook.
    package func update(
        _ id: Webhook.ID, organizationID: Organization.ID, url: String?, events: [ConversationEvent.Kind]?, description: String?,
        isActive: Bool?, at now: Date
    ) async throws -> Webhook? {
        try await database.transaction { sql in
            guard var webhook = try await Self.find(id, organizationID: organizationID, on: sql) else { return nil }
            webhook.url = url ?? webhook.url
            webhook.events = events ?? webhook.events
            webhook.description = description ?? webhook.description
            webhook.isActive = isActive ?? webhook.isActive
            webhook.updatedAt = now
            try await sql.update("webhooks")
                .set("url", to: SQLBind(webhook.url)).set("events", to: SQLBind(try Self.json(webhook.events)))
                .set("description", to: SQLBind(webhook.description)).set("is_active", to: SQLBind(webhook.isActive))
                .set("updated_at", to: SQLBind(now.millisecondsSince1970))
                .where("id", .equal, SQLBind(id.uuidString)).where("organization_id", .equal, SQLBind(organizationID.uuidString))
                .run()
            return webhook
        }
    }

    /// Deletes the webhook with its deliveries; `false` when there is no such webhook.
    package func delete(_ id: Webhook.ID, organizationID: Organization.ID) async throws -> Bool {
        try await database.transaction { sql in
            guard try await Self.find(id, organizationID: organizationID, on: sql) != nil else { return false }
            try await sql.raw(
                "DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM webhook_deliveries WHERE webhook_id = \(bind: id.uuidString))"
            ).run()
            try await sql.delete(from: "webhook_deliveries").where("webhook_id", .equal, SQLBind(id.uuidString)).run()
            try await sql.delete(from: "webhooks").where("id", .equal, SQLBind(id.uuidString)).run()
            return true
        }
    }

    /// Replaces the secret; the old one keeps signing until `previousExpiresAt`. `nil` when there is no such webhook.
    package func rotate(
        _ id: Webhook.ID, organizationID: Organization.ID, sealedSecret: String, previousExpiresAt: Date, at now: Date
    ) async throws -> Webhook? {
        try await database.transaction { sql in
            guard var webhook = try await Self.find(id, organizationID: organizationID, on: sql),
                let current = try await Self.sealedSecrets(of: id, on: sql)?.current
            else { return nil }
            webhook.updatedAt = now
            try await sql.update("webhooks")
                .set("secret", to: SQLBind(sealedSecret)).set("previous_secret", to: SQLBind(current))
                .set("previous_secret_expires_at", to: SQLBind(previousExpiresAt.millisecondsSince1970))
                .set("updated_at", to: SQLBind(now.millisecondsSince1970))
                .where("id", .equal, SQLBind(id.uuidString)).run()
            return webhook
        }
    }

    /// The webhook's sealed secrets.
    package func sealedSecrets(of id: Webhook.ID) async throws -> SealedSecrets? {
        try await database.read { sql in try await Self.sealedSecrets(of: id, on: sql) }
    }

    private static func sealedSecrets(of id: Webhook.ID, on sql: any SQLDatabase) async throws -> SealedSecrets? {
        try await sql.select().columns("secret", "previous_secret", "previous_secret_expires_at").from("webhooks")
            .where("id", .equal, SQLBind(id.uuidString)).first()
            .map(Self.sealedSecrets(from:))
    }

    private static func sealedSecrets(from row: any SQLRow) throws -> SealedSecrets {
        SealedSecrets(
            current: try row.decode(column: "secret", as: String.self),
            previous: try row.decode(column: "previous_secret", as: String?.self),
            previousExpiresAt: try row.decode(column: "previous_secret_expires_at", as: Int64?.self).map(Date.init(millisecondsSince1970:))
        )
    }

    // MARK: Deliveries

    /// Queues a delivery of `eventID` to every active webhook of the organization subscribed to `event`, in the
    /// caller's transaction: the event and its deliveries are committed together or not at all.
    static func fanOut(
        _ eventID: ConversationEvent.ID, event: ConversationEvent.Kind, organizationID: Organization.ID, ids: IDGenerator, at now: Date,
        on sql: any SQLDatabase
    ) async throws {
        let webhooks = try await sql.select().columns("*").from("webhooks")
            .where("organization_id", .equal, SQLBind(organizationID.uuidString)).where("is_active", .equal, SQLBind(true))
            .all().map(Self.webhook(from:))
        for webhook in webhooks where webhook.events.contains(event) {
            try await insertDelivery(of: eventID, to: webhook, ids: ids, at: now, on: sql)
        }
    }

    @discardableResult
    private static func insertDelivery(
        of eventID: ConversationEvent.ID, to webhook: Webhook, ids: IDGenerator, at now: Date, on sql: any SQLDatabase
    ) async throws -> WebhookDelivery.ID {
        let id: WebhookDelivery.ID = ids.next()
        try await sql.insert(into: "webhook_deliveries")
            .columns("id", "organization_id", "webhook_id", "event_id", "status", "attempts", "next_attempt_at", "created_at", "updated_at")
            .values(
                SQLBind(id.uuidString), SQLBind(webhook.organizationID.uuidString), SQLBind(webhook.id.uuidString), SQLBind(eventID.uuidString),
                SQLBind(WebhookDelivery.Status.pending.rawValue), SQLBind(0), SQLBind(now.millisecondsSince1970),
                SQLBind(now.millisecondsSince1970), SQLBind(now.millisecondsSince1970)
            )
            .run()
        try await enqueueAttempt(id, number: 1, of: webhook.id, organizationID: webhook.organizationID, at: now, runAt: now, ids: ids, on: sql)
        return id
    }

    private static func enqueueAttempt(
        _ id: WebhookDelivery.ID, number: Int, of webhook: Webhook.ID, organizationID: Organization.ID, at now: Date, runAt: Date,
        ids: IDGenerator, on sql: any SQLDatabase
    ) async throws {
        try await JobQueue.enqueue(
            .init(
                organizationID: organizationID, kind: deliverJob, payload: #"{"deliveryId":"\#(id)"}"#, runAt: runAt,
                idempotencyKey: "webhook:\(id):\(number)", concurrencyKey: "webhook:\(webhook)"
            ),
            at: now, ids: ids, on: sql
        )
    }

    /// Delivers the delivery's event again, as a new delivery with the same `eventId`; `nil` when there is no
    /// such delivery of this webhook, or the webhook is inactive.
    package func redeliver(
        _ id: WebhookDelivery.ID, of webhookID: Webhook.ID, organizationID: Organization.ID, ids: IDGenerator, at now: Date
    ) async throws -> WebhookDelivery? {
        try await database.transaction { sql in
            guard let webhook = try await Self.find(webhookID, organizationID: organizationID, on: sql), webhook.isActive,
                let eventText = try await sql.select().column("event_id").from("webhook_deliveries")
                    .where("id", .equal, SQLBind(id.uuidString)).where("webhook_id", .equal, SQLBind(webhookID.uuidString))
                    .first()?.decode(column: "event_id", as: String.self),
                let eventID = ConversationEvent.ID(uuidString: eventText)
            else { return nil }
            let newID = try await Self.insertDelivery(of: eventID, to: webhook, ids: ids, at: now, on: sql)
            return try await Self.deliveries(of: webhookID, where: newID, limit: 1, after: nil, on: sql).items.first
        }
    }

    /// The webhook's deliveries, newest first, each with its attempts.
    package func deliveries(of webhookID: Webhook.ID, limit: Int, nextToken: String?) async throws -> Page<WebhookDelivery> {
        let cursor = try PageCursor.parse(nextToken)
        return try await database.read { sql in try await Self.deliveries(of: webhookID, where: nil, limit: limit, after: cursor, on: sql) }
    }

    private static func deliveries(
        of webhookID: Webhook.ID, where only: WebhookDelivery.ID?, limit: Int, after cursor: PageCursor?, on sql: any SQLDatabase
    ) async throws -> Page<WebhookDelivery> {
        var query = sql.select()
            .column(SQLColumn("id", table: "webhook_deliveries")).column(SQLColumn("event_id", table: "webhook_deliveries"))
            .column(SQLColumn("status", table: "webhook_deliveries")).column(SQLColumn("next_attempt_at", table: "webhook_deliveries"))
            .column(SQLColumn("created_at", table: "webhook_deliveries")).column(SQLColumn("event", table: "conversation_events"))
            .from("webhook_deliveries")
            .join(
                "conversation_events", on: SQLColumn("event_id", table: "webhook_deliveries"), .equal, SQLColumn("id", table: "conversation_events")
            )
            .where(SQLColumn("webhook_id", table: "webhook_deliveries"), .equal, SQLBind(webhookID.uuidString))
        if let only { query = query.where(SQLColumn("id", table: "webhook_deliveries"), .equal, SQLBind(only.uuidString)) }
        let rows = try await query.newestFirst(in: "webhook_deliveries", after: cursor, limit: limit).all()
        let page = Array(rows.prefix(limit))
        // Every attempt of the page's deliveries in one query, not one per delivery.
        let deliveryIDs = try page.map { try $0.decode(column: "id", as: String.self) }
        var attempts: [String: [WebhookDelivery.Attempt]] = [:]
        if !deliveryIDs.isEmpty {
            for attempt in try await sql.select().columns("*").from("webhook_attempts").where("delivery_id", .in, deliveryIDs)
                .orderBy("attempted_at").orderBy("id").all()
            {
                attempts[try attempt.decode(column: "delivery_id", as: String.self), default: []].append(
                    WebhookDelivery.Attempt(
                        attemptedAt: Date(millisecondsSince1970: try attempt.decode(column: "attempted_at", as: Int64.self)),
                        statusCode: try attempt.decode(column: "status_code", as: Int?.self),
                        durationMilliseconds: try attempt.decode(column: "duration_ms", as: Int.self),
                        error: try attempt.decode(column: "error", as: String?.self)
                    )
                )
            }
        }
        var items: [WebhookDelivery] = []
        for row in page {
            guard let id = WebhookDelivery.ID(uuidString: try row.decode(column: "id", as: String.self)),
                let eventID = ConversationEvent.ID(uuidString: try row.decode(column: "event_id", as: String.self)),
                let event = ConversationEvent.Kind(rawValue: try row.decode(column: "event", as: String.self)),
                let status = WebhookDelivery.Status(rawValue: try row.decode(column: "status", as: String.self))
            else { throw StoreError.corruptRow("webhook_deliveries") }
            items.append(
                WebhookDelivery(
                    id: id, webhookID: webhookID, eventID: eventID, event: event, status: status, attempts: attempts[id.uuidString] ?? [],
                    nextAttemptAt: try row.decode(column: "next_attempt_at", as: Int64?.self).map(Date.init(millisecondsSince1970:)),
                    createdAt: Date(millisecondsSince1970: try row.decode(column: "created_at", as: Int64.self))
                )
            )
        }
        let next = PageCursor.nextToken(rows: rows.count, limit: limit, last: items.last) {
            PageCursor(key: $0.createdAt.millisecondsSince1970, id: $0.id.uuidString)
        }
        return Page(items: items, nextToken: next)
    }

    // MARK: Attempts

    /// Everything one attempt needs: the delivery, its webhook and sealed secrets, and the event.
    package struct PendingAttempt: Sendable {
        package var deliveryID: WebhookDelivery.ID
        package var attemptNumber: Int
        package var webhook: Webhook
        package var secrets: SealedSecrets
        package var eventID: ConversationEvent.ID
        package var event: ConversationEvent.Kind
        /// The event's payload fields, as recorded when it happened.
        package var data: String
        package var occurredAt: Date
    }

    /// The next attempt of a delivery still pending; `nil` when it is done, gone, or its webhook is off.
    package func pendingAttempt(_ id: WebhookDelivery.ID) async throws -> PendingAttempt? {
        // One read for the delivery, its webhook with the secrets, and its event: each statement is a round trip.
        try await database.read { sql in
            guard
                let row = try await sql.raw(
                    """
                    SELECT w.*, d.status AS delivery_status, d.attempts AS delivery_attempts, d.event_id AS delivery_event_id,
                        e.event AS event_kind, e.data AS event_data, e.created_at AS event_created_at
                    FROM webhook_deliveries d
                    JOIN webhooks w ON w.id = d.webhook_id AND w.organization_id = d.organization_id
                    JOIN conversation_events e ON e.id = d.event_id
                    WHERE d.id = \(bind: id.uuidString)
                    """
                ).first(),
                try row.decode(column: "delivery_status", as: String.self) == WebhookDelivery.Status.pending.rawValue,
                case let webhook = try Self.webhook(from: row), webhook.isActive,
                let eventID = ConversationEvent.ID(uuidString: try row.decode(column: "delivery_event_id", as: String.self)),
                let event = ConversationEvent.Kind(rawValue: try row.decode(column: "event_kind", as: String.self))
            else { return nil }
            return PendingAttempt(
                deliveryID: id, attemptNumber: try row.decode(column: "delivery_attempts", as: Int.self) + 1, webhook: webhook,
                secrets: try Self.sealedSecrets(from: row), eventID: eventID, event: event,
                data: try row.decode(column: "event_data", as: String.self),
                occurredAt: Date(millisecondsSince1970: try row.decode(column: "event_created_at", as: Int64.self))
            )
        }
    }

    /// Records an attempt and what follows: done, failed for good, or the next attempt queued at `retryAt`.
    package func record(
        _ attempt: WebhookDelivery.Attempt, of pending: PendingAttempt, outcome: WebhookDelivery.Status, retryAt: Date?, deactivate: Bool,
        ids: IDGenerator, at now: Date
    ) async throws {
        // Attempts finished at the same moment share one SQLite commit.
        try await database.groupCommit { sql in
            try await sql.insert(into: "webhook_attempts")
                .columns("id", "delivery_id", "attempted_at", "status_code", "duration_ms", "error")
                .values(
                    SQLBind(ids.next(WebhookDelivery.self).uuidString), SQLBind(pending.deliveryID.uuidString),
                    SQLBind(attempt.attemptedAt.millisecondsSince1970), SQLBind(attempt.statusCode), SQLBind(attempt.durationMilliseconds),
                    SQLBind(attempt.error)
                )
                .run()
            try await sql.update("webhook_deliveries")
                .set("status", to: SQLBind(outcome.rawValue)).set("attempts", to: SQLBind(pending.attemptNumber))
                .set("next_attempt_at", to: SQLBind(retryAt?.millisecondsSince1970)).set("updated_at", to: SQLBind(now.millisecondsSince1970))
                .where("id", .equal, SQLBind(pending.deliveryID.uuidString)).run()
            if let retryAt {
                try await Self.enqueueAttempt(
                    pending.deliveryID, number: pending.attemptNumber + 1, of: pending.webhook.id, organizationID: pending.webhook.organizationID,
                    at: now, runAt: retryAt, ids: ids, on: sql
                )
            }
            if deactivate {
                try await sql.update("webhooks").set("is_active", to: SQLBind(false)).set("updated_at", to: SQLBind(now.millisecondsSince1970))
                    .where("id", .equal, SQLBind(pending.webhook.id.uuidString)).run()
            }
        }
    }

    // MARK: Rows

    private static func json(_ events: [ConversationEvent.Kind]) throws -> String {
        String(decoding: try JSONEncoder().encode(events.map(\.rawValue)), as: UTF8.self)
    }

    private static func webhook(from row: any SQLRow) throws -> Webhook {
        guard let id = Webhook.ID(uuidString: try row.decode(column: "id", as: String.self)),
            let organizationID = Organization.ID(uuidString: try row.decode(column: "organization_id", as: String.self)),
            let names = try? JSONDecoder().decode([String].self, from: Data(try row.decode(column: "events", as: String.self).utf8))
        else { throw StoreError.corruptRow("webhooks") }
        return Webhook(
            id: id, organizationID: organizationID, url: try row.decode(column: "url", as: String.self),
            events: names.compactMap(ConversationEvent.Kind.init(rawValue:)), description: try row.decode(column: "description", as: String?.self),
            isActive: try row.decode(column: "is_active", as: Bool.self),
            createdAt: Date(millisecondsSince1970: try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: Date(millisecondsSince1970: try row.decode(column: "updated_at", as: Int64.self))
        )
    }
}
