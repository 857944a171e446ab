package import Foundation

/// A unit of background work, written to the database (in the same transaction as the change that causes it)
/// before anything runs it, so a crash can delay work but never lose it.
package struct Job: Sendable, Equatable {
    package typealias ID = Identifier<Job>

    /// Where a job is in its life.
    package enum Status: String, Sendable, Codable, CaseIterable {
        /// Waiting for `runAt`, or for a retry.
        case pending = "PENDING"
        /// Claimed by a worker whose lease has not run out.
        case running = "RUNNING"
        /// Done.
        case succeeded = "SUCCEEDED"
        /// Out of attempts, or refused for good; kept for operators to see.
        case failed = "FAILED"
    }

    package var id: ID
    /// The organization the work is for, when it is for one.
    package var organizationID: Organization.ID?
    /// What to do: the name a handler is registered under.
    package var kind: String
    /// The handler's parameters, as JSON.
    package var payload: String
    package var status: Status
    /// Not before this time.
    package var runAt: Date
    /// How many times a worker has claimed it.
    package var attempts: Int
    package var maxAttempts: Int
    /// The last failure, for operators.
    package var lastError: String?
    /// At most one job per key is ever enqueued.
    package var idempotencyKey: String?
    /// Jobs with the same key (the deliveries to one webhook) that one worker runs at once are limited, so they
    /// cannot take every slot.
    package var concurrencyKey: String?
    package var createdAt: Date
    package var updatedAt: Date

    package init(
        id: ID,
        organizationID: Organization.ID?,
        kind: String,
        payload: String,
        status: Status = .pending,
        runAt: Date,
        attempts: Int = 0,
        maxAttempts: Int,
        lastError: String? = nil,
        idempotencyKey: String? = nil,
        concurrencyKey: String? = nil,
        createdAt: Date,
        updatedAt: Date
    ) {
        self.id = id
        self.organizationID = organizationID
        self.kind = kind
        self.payload = payload
        self.status = status
        self.runAt = runAt
        self.attempts = attempts
        self.maxAttempts = maxAttempts
        self.lastError = lastError
        self.idempotencyKey = idempotencyKey
        self.concurrencyKey = concurrencyKey
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
