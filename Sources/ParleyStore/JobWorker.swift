package import Foundation
package import Logging
package import ParleyCore

/// Runs due jobs: claims a batch from the ``JobQueue``, runs each with the handler registered for its kind,
/// and records the outcome: done, retried after a backoff, or failed for good.
///
/// The server's job service calls ``claim(limit:lookFirst:)`` whenever it has a free slot and ``run(_:)`` on each claim;
/// ``runDueJobs()`` does one whole round and returns, for tests that move their clock, so nothing waits on real
/// time.
package struct JobWorker: Sendable {
    /// Does the work of one job. Throw ``PermanentJobFailure`` for work that can never succeed; any other
    /// error is retried with the worker's ``RetryPolicy``.
    package typealias Handler = @Sendable (Job) async throws -> Void

    private let queue: JobQueue
    private let handlers: [String: Handler]
    private let name: String
    private let clock: WallClock
    private let retry: RetryPolicy
    private let jitter: @Sendable () -> Double
    private let batchSize: Int
    /// The most jobs with one ``Job/concurrencyKey`` the worker runs at once.
    package let concurrencyLimit: Int
    private let lease: TimeInterval
    private let logger: Logger

    /// - Parameters:
    ///   - handlers: The handler for each job kind.
    ///   - name: Identifies this worker's leases; unique per process.
    ///   - jitter: A number in `0...1` for each retry delay; tests pass a constant.
    ///   - concurrencyLimit: The most jobs with one ``Job/concurrencyKey`` the worker runs at once.
    ///   - lease: How long a claimed job stays this worker's before others may take it over.
    package init(
        queue: JobQueue,
        handlers: [String: Handler],
        name: String,
        clock: WallClock,
        retry: RetryPolicy = .exponentialBackoff(),
        jitter: @escaping @Sendable () -> Double = { Double.random(in: 0...1) },
        batchSize: Int = 32,
        concurrencyLimit: Int = 8,
        lease: TimeInterval = 10,
        logger: Logger
    ) {
        self.queue = queue
        self.handlers = handlers
        self.name = name
        self.clock = clock
        self.retry = retry
        self.jitter = jitter
        self.batchSize = batchSize
        self.concurrencyLimit = concurrencyLimit
        self.lease = lease
        self.logger = logger
    }

    /// The most jobs the worker runs at once.
    package var capacity: Int { batchSize }

    /// Claims the jobs due now and runs them concurrently; returns how many were claimed.
    @discardableResult
    package func runDueJobs() async throws -> Int {
        let claims = try await claim(limit: batchSize)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for claim in claims {
                group.addTask { try await run(claim) }
            }
            try await group.waitForAll()
        }
        return claims.count
    }

    /// Claims up to `limit` due jobs for this worker; `excluding` and `lookFirst` as in
    /// ``JobQueue/claim(worker:limit:leaseFor:at:excluding:lookFirst:)``.
    package func claim(limit: Int, excluding: Set<String> = [], lookFirst: Bool = true) async throws -> [JobQueue.Claim] {
        try await queue.claim(worker: name, limit: limit, leaseFor: lease, at: clock.now(), excluding: excluding, lookFirst: lookFirst)
    }

    /// Runs one claimed job and records its outcome.
    package func run(_ claim: JobQueue.Claim) async throws {
        var logger = logger
        logger[metadataKey: "parley.job.id"] = "\(claim.job.id)"
        logger[metadataKey: "parley.job.kind"] = "\(claim.job.kind)"
        logger[metadataKey: "parley.job.attempt"] = "\(claim.job.attempts)"
        guard let handler = handlers[claim.job.kind] else {
            logger.error("No handler for job kind")
            try await queue.fail(claim, error: "no handler for job kind \(claim.job.kind)", retryAt: nil, at: clock.now())
            return
        }
        do {
            try await handler(claim.job)
            try await queue.complete(claim, at: clock.now())
            logger.debug("Job done")
        } catch let postponement as JobPostponement {
            logger.debug("Job postponed")
            try await queue.postpone(claim, until: postponement.until, at: clock.now())
        } catch let failure as PermanentJobFailure {
            logger.warning("Job failed for good", metadata: ["error.message": "\(failure.reason)"])
            try await queue.fail(claim, error: failure.reason, retryAt: nil, at: clock.now())
        } catch {
            let now = clock.now()
            let attemptsLeft = min(claim.job.maxAttempts, retry.maxAttempts)
            let delay = claim.job.attempts < attemptsLeft ? retry.delay(afterAttempt: claim.job.attempts, jitter: jitter()) : nil
            let retryAt = delay.map { now.addingTimeInterval($0) }
            if retryAt == nil {
                logger.warning("Job failed after its last attempt", metadata: ["error.type": "\(type(of: error))"])
            } else {
                logger.info("Job failed; will retry", metadata: ["error.type": "\(type(of: error))"])
            }
            try await queue.fail(claim, error: "\(type(of: error)): \(error)", retryAt: retryAt, at: now)
        }
    }
}

/// A job that can never succeed, however often it is tried: it fails at once, without retries.
package struct PermanentJobFailure: Error, Sendable {
    package var reason: String

    package init(_ reason: String) {
        self.reason = reason
    }
}

/// A job that cannot run just now for a reason outside itself (its webhook endpoint has as many deliveries in
/// flight as it may): it is put back to run at `until`, and the attempt does not count.
package struct JobPostponement: Error, Sendable {
    package var until: Date

    package init(until: Date) {
        self.until = until
    }
}
