package import Foundation
package import ParleyCore
package import SQLKit

/// The durable job queue, one table shared by every `parley serve` process.
///
/// Producers ``enqueue(_:on:)`` inside the transaction that makes the change the job follows from (the
/// transactional outbox), so the job exists exactly when the change does. Workers
/// ``claim(worker:limit:leaseFor:at:excluding:lookFirst:)`` due jobs with a lease: on PostgreSQL with
/// `FOR UPDATE SKIP LOCKED`, so concurrent workers never take the same job; on SQLite under the single writer. A
/// worker that dies keeps its jobs only until the lease runs out; then another claims them again, so work is done
/// at least once and handlers make their effects idempotent.
///
/// ```swift
/// try await database.transaction { sql in
///     try await campaigns.save(campaign, on: sql)
///     try await JobQueue.enqueue(NewJob(kind: "send-message", payload: json, runAt: now), at: now, ids: ids, on: sql)
/// }
/// ```
package struct JobQueue: Sendable {
    private let database: Database

    package init(database: Database) {
        self.database = database
    }

    /// A job to add to the queue.
    package struct NewJob: Sendable {
        package var organizationID: Organization.ID?
        package var kind: String
        package var payload: String
        package var runAt: Date
        package var maxAttempts: Int
        package var idempotencyKey: String?
        /// As ``Job/concurrencyKey``.
        package var concurrencyKey: String?

        package init(
            organizationID: Organization.ID? = nil,
            kind: String,
            payload: String,
            runAt: Date,
            maxAttempts: Int = RetryPolicy.exponentialBackoff().maxAttempts,
            idempotencyKey: String? = nil,
            concurrencyKey: String? = nil
        ) {
            self.organizationID = organizationID
            self.kind = kind
            self.payload = payload
            self.runAt = runAt
            self.maxAttempts = maxAttempts
            self.idempotencyKey = idempotencyKey
            self.concurrencyKey = concurrencyKey
        }
    }

    /// A job a worker holds until `leaseUntil`.
    package struct Claim: Sendable, Equatable {
        package var job: Job
        package var worker: String
        package var leaseUntil: Date
    }

    /// Adds `job` in the caller's transaction. A job whose idempotency key is already queued is not added again;
    /// returns whether this call added it.
    @discardableResult
    package static func enqueue(_ job: NewJob, at now: Date, ids: IDGenerator, on sql: any SQLDatabase) async throws -> Bool {
        let inserted = try await insert([job], at: now, ids: ids, on: sql).returning("id").first()
        TransactionEffects.current?.noteQueuedJob()
        return inserted != nil
    }

    /// Adds `jobs` in the caller's transaction with one statement; a job whose idempotency key is already queued is
    /// not added again.
    package static func enqueue(_ jobs: some Collection<NewJob>, at now: Date, ids: IDGenerator, on sql: any SQLDatabase) async throws {
        guard !jobs.isEmpty else { return }
        try await insert(jobs, at: now, ids: ids, on: sql).run()
        TransactionEffects.current?.noteQueuedJob()
    }

    /// The statement that adds `jobs` as pending, skipping any whose idempotency key is already queued.
    private static func insert(_ jobs: some Collection<NewJob>, at now: Date, ids: IDGenerator, on sql: any SQLDatabase) -> SQLInsertBuilder {
        var insert = sql.insert(into: "jobs").columns(
            "id", "organization_id", "kind", "payload", "status", "run_at", "attempts", "max_attempts", "idempotency_key", "concurrency_key",
            "created_at", "updated_at")
        for job in jobs {
            let id: Job.ID = ids.next()
            insert = insert.values(
                SQLBind(id.uuidString), SQLBind(job.organizationID?.uuidString), SQLBind(job.kind), SQLBind(job.payload),
                SQLBind(Job.Status.pending.rawValue), SQLBind(job.runAt.millisecondsSince1970), SQLBind(0), SQLBind(job.maxAttempts),
                SQLBind(job.idempotencyKey), SQLBind(job.concurrencyKey), SQLBind(now.millisecondsSince1970), SQLBind(now.millisecondsSince1970))
        }
        return insert.ignoringConflicts(with: "idempotency_key")
    }

    /// Adds `job` in a transaction of its own.
    @discardableResult
    package func enqueue(_ job: NewJob, at now: Date, ids: IDGenerator) async throws -> Bool {
        try await database.transaction { sql in try await Self.enqueue(job, at: now, ids: ids, on: sql) }
    }

    /// Claims up to `limit` jobs that are due at `now` (pending, or running on a lease that has run out),
    /// oldest `runAt` first, for `worker` until `now + leaseFor`. Each claim counts as an attempt.
    ///
    /// - Parameters:
    ///   - excluding: Concurrency keys whose jobs are left for later (the worker runs as many of them as it may).
    ///   - lookFirst: Whether to check with a read that any job is due before the claiming write. An
    ///     idle queue is the common case, and the read spares it the write lock; a worker whose last claim took
    ///     every job it asked for expects more and skips the look.
    package func claim(
        worker: String, limit: Int, leaseFor: TimeInterval, at now: Date, excluding: Set<String> = [], lookFirst: Bool = true
    ) async throws -> [Claim] {
        let leaseUntil = now.addingTimeInterval(leaseFor).roundedToMilliseconds
        let nowMillis = now.millisecondsSince1970
        let dueByState: SQLQueryString = """
            ((status = \(bind: Job.Status.pending.rawValue) AND run_at <= \(bind: nowMillis))
                OR (status = \(bind: Job.Status.running.rawValue) AND lease_until <= \(bind: nowMillis)))
            """
        let due =
            excluding.isEmpty
            ? dueByState : dueByState + " AND (concurrency_key IS NULL OR concurrency_key NOT IN (\(binds: excluding.sorted())))"
        if lookFirst {
            let anyDue = try await database.read { sql in
                try await sql.raw("SELECT id FROM jobs WHERE \(due) LIMIT 1").first() != nil
            }
            guard anyDue else { return [] }
        }
        // One statement, atomic by itself: PostgreSQL's SKIP LOCKED keeps concurrent workers off each other's
        // rows, and SQLite runs it under its single writer.
        return try await database.autocommit { sql in
            let lock: SQLQueryString = sql.dialect.name == "postgresql" ? " FOR UPDATE SKIP LOCKED" : ""
            let rows = try await sql.raw(
                """
                UPDATE jobs SET status = \(bind: Job.Status.running.rawValue), lease_owner = \(bind: worker),
                    lease_until = \(bind: leaseUntil.millisecondsSince1970), attempts = attempts + 1, updated_at = \(bind: nowMillis)
                WHERE id IN (
                    SELECT id FROM jobs WHERE \(due)
                    ORDER BY run_at, id
                    LIMIT \(bind: limit)\(lock)
                )
                RETURNING *
                """
            ).all()
            return try rows.map { Claim(job: try Self.job(from: $0), worker: worker, leaseUntil: leaseUntil) }
                .sorted { ($0.job.runAt, $0.job.id.uuidString) < ($1.job.runAt, $1.job.id.uuidString) }
        }
    }

    /// Marks a claimed job done. Returns `false`, changing nothing, when the claim's lease was lost to another worker.
    @discardableResult
    package func complete(_ claim: Claim, at now: Date) async throws -> Bool {
        try await finish(claim, status: .succeeded, runAt: nil, error: nil, at: now)
    }

    /// Records a failed attempt: the job waits until `retryAt`, or fails for good when `retryAt` is `nil`.
    /// Returns `false`, changing nothing, when the claim's lease was lost to another worker.
    @discardableResult
    package func fail(_ claim: Claim, error: String, retryAt: Date?, at now: Date) async throws -> Bool {
        try await finish(claim, status: retryAt == nil ? .failed : .pending, runAt: retryAt, error: error, at: now)
    }

    /// Puts a claimed job back to run at `until` without counting the claim as an attempt. Returns `false`,
    /// changing nothing, when the claim's lease was lost to another worker.
    @discardableResult
    package func postpone(_ claim: Claim, until: Date, at now: Date) async throws -> Bool {
        try await finish(claim, status: .pending, runAt: until, error: nil, refundAttempt: true, at: now)
    }

    private func finish(
        _ claim: Claim, status: Job.Status, runAt: Date?, error: String?, refundAttempt: Bool = false, at now: Date
    ) async throws -> Bool {
        // One statement: the lease is checked by the UPDATE's own WHERE, which PostgreSQL re-reads under the row's
        // lock and SQLite runs under its single writer, so a lease lost to another worker changes nothing. Outcomes
        // recorded at the same moment share one commit.
        try await database.groupCommit(oneStatement: true) { sql in
            var update = sql.update("jobs")
                .set("status", to: SQLBind(status.rawValue))
                .set("lease_owner", to: SQLLiteral.null)
                .set("lease_until", to: SQLLiteral.null)
                .set("updated_at", to: SQLBind(now.millisecondsSince1970))
            if let runAt { update = update.set("run_at", to: SQLBind(runAt.millisecondsSince1970)) }
            if let error { update = update.set("last_error", to: SQLBind(String(error.prefix(2_000)))) }
            if refundAttempt { update = update.set("attempts", to: SQLRaw("attempts - 1")) }
            return
                try await update
                .where("id", .equal, SQLBind(claim.job.id.uuidString))
                .where("status", .equal, SQLBind(Job.Status.running.rawValue))
                .where("lease_owner", .equal, SQLBind(claim.worker))
                .where("lease_until", .equal, SQLBind(claim.leaseUntil.millisecondsSince1970))
                .returning("id")
                .first() != nil
        }
    }

    /// The job with this id.
    package func find(_ id: Job.ID) async throws -> Job? {
        try await database.read { sql in
            try await sql.select().columns("*").from("jobs").where("id", .equal, SQLBind(id.uuidString)).first().map(Self.job(from:))
        }
    }

    /// Jobs in `status`, oldest first, for operators and tests; only those due by `dueBy` when it is given.
    package func list(status: Job.Status, dueBy: Date? = nil, limit: Int = 100) async throws -> [Job] {
        try await database.read { sql in
            var query = sql.select().columns("*").from("jobs").where("status", .equal, SQLBind(status.rawValue))
            if let dueBy { query = query.where("run_at", .lessThanOrEqual, SQLBind(dueBy.millisecondsSince1970)) }
            return
                try await query
                .orderBy("run_at").orderBy("id")
                .limit(limit)
                .all()
                .map(Self.job(from:))
        }
    }

    private static func job(from row: any SQLRow) throws -> Job {
        guard
            let id = Job.ID(uuidString: try row.decode(column: "id", as: String.self)),
            let status = Job.Status(rawValue: try row.decode(column: "status", as: String.self))
        else { throw StoreError.corruptRow("jobs") }
        return Job(
            id: id,
            organizationID: try row.decode(column: "organization_id", as: String?.self).flatMap(Organization.ID.init(uuidString:)),
            kind: try row.decode(column: "kind", as: String.self),
            payload: try row.decode(column: "payload", as: String.self),
            status: status,
            runAt: Date(millisecondsSince1970: try row.decode(column: "run_at", as: Int64.self)),
            attempts: try row.decode(column: "attempts", as: Int.self),
            maxAttempts: try row.decode(column: "max_attempts", as: Int.self),
            lastError: try row.decode(column: "last_error", as: String?.self),
            idempotencyKey: try row.decode(column: "idempotency_key", as: String?.self),
            concurrencyKey: try row.decode(column: "concurrency_key", as: String?.self),
            createdAt: Date(millisecondsSince1970: try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: Date(millisecondsSince1970: try row.decode(column: "updated_at", as: Int64.self))
        )
    }
}
