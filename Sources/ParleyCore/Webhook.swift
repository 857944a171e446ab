package import Foundation

/// An organization's webhook endpoint: where events are posted and which ones.
package struct Webhook: Sendable, Equatable {
    package typealias ID = Identifier<Webhook>

    package var id: ID
    package var organizationID: Organization.ID
    package var url: String
    package var events: [ConversationEvent.Kind]
    package var description: String?
    /// Off after a `410 Gone`, or when the user turns it off; an inactive webhook gets nothing.
    package var isActive: Bool
    package var createdAt: Date
    package var updatedAt: Date

    package init(
        id: ID, organizationID: Organization.ID, url: String, events: [ConversationEvent.Kind], description: String?, isActive: Bool,
        createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.organizationID = organizationID
        self.url = url
        self.events = events
        self.description = description
        self.isActive = isActive
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The longest URL a webhook may have.
    package static let urlLimit = 2_048
    /// The longest description.
    package static let descriptionLimit = TextLimits(maximum: 500)

    /// Checks `events`: at least one, each once. Event names were checked when the request was decoded.
    package static func checkEvents(_ events: [ConversationEvent.Kind], into validator: inout Validator) {
        validator.check(!events.isEmpty, "events", "must list at least one event")
        validator.check(Set(events).count == events.count, "events", "must not repeat an event")
    }
}

/// One event sent (or to be sent) to one webhook, with every attempt made.
package struct WebhookDelivery: Sendable, Equatable {
    package typealias ID = Identifier<WebhookDelivery>

    /// Where a delivery stands.
    package enum Status: String, Sendable, Codable, CaseIterable {
        /// Waiting for its next attempt.
        case pending = "PENDING"
        /// A 2xx answered it.
        case succeeded = "SUCCEEDED"
        /// Every attempt failed, the endpoint answered 410 Gone, or the target was refused.
        case failed = "FAILED"
    }

    /// One try.
    package struct Attempt: Sendable, Equatable {
        package var attemptedAt: Date
        /// The HTTP status; `nil` when no response came (timeout, refused connection, refused target).
        package var statusCode: Int?
        package var durationMilliseconds: Int
        /// What went wrong without a status code, in a few words.
        package var error: String?

        package init(attemptedAt: Date, statusCode: Int?, durationMilliseconds: Int, error: String?) {
            self.attemptedAt = attemptedAt
            self.statusCode = statusCode
            self.durationMilliseconds = durationMilliseconds
            self.error = error
        }
    }

    package var id: ID
    package var webhookID: Webhook.ID
    package var eventID: ConversationEvent.ID
    package var event: ConversationEvent.Kind
    package var status: Status
    package var attempts: [Attempt]
    package var nextAttemptAt: Date?
    package var createdAt: Date

    package init(
        id: ID, webhookID: Webhook.ID, eventID: ConversationEvent.ID, event: ConversationEvent.Kind, status: Status, attempts: [Attempt],
        nextAttemptAt: Date?, createdAt: Date
    ) {
        self.id = id
        self.webhookID = webhookID
        self.eventID = eventID
        self.event = event
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.createdAt = createdAt
    }

    /// When each attempt goes out, after the one before: at once, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and
    /// 10 h later, about three days in all.
    package static let schedule: [TimeInterval] = [0, 5, 300, 1_800, 7_200, 18_000, 36_000, 36_000]
}
