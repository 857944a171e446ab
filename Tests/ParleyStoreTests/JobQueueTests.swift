import Foundation
import ParleyCore
import ParleyStore
import ParleyTesting
import Testing

@Suite("Job queue")
struct JobQueueTests {
    private let now = Date(millisecondsSince1970: 1_800_000_000_000)

    private func job(_ kind: String = "noop", at runAt: Date? = nil, key: String? = nil, maxAttempts: Int = 3) -> JobQueue.NewJob {
        JobQueue.NewJob(kind: kind, payload: #"{"n":1}"#, runAt: runAt ?? now, maxAttempts: maxAttempts, idempotencyKey: key)
    }

    @Test("a job is claimed once it is due, with its lease, and counts the attempt", arguments: TestDatabase.available)
    func claimWhenDue(_ kind: TestDatabase) async throws {
        try await kind.withFreshDatabase { database in
            let queue = JobQueue(database: database)
            try await queue.enqueue(job(at: now.addingTimeInterval(60)), at: now, ids: .random)
            #expect(try await queue.claim(worker: "a", limit: 10, leaseFor: 30, at: now).isEmpty)
            let claims = try await queue.claim(worker: "a", limit: 10, leaseFor: 30, at: now.addingTimeInterval(60))
            let claim = try #require(claims.first)
            #expect(claims.count == 1)
            #expect(claim.job.status == .running)
            #expect(claim.job.attempts == 1)
            #expect(claim.leaseUntil == now.addingTimeInterval(90))
            #expect(try await queue.complete(claim, at: now.addingTimeInterval(61)))
            #expect(try await queue.find(claim.job.id)?.status == .succeeded)
            #expect(try await queue.claim(worker: "a", limit: 10, leaseFor: 30, at: now.addingTimeInterval(3600)).isEmpty)
        }
    }

    @Test("a claim leaves the jobs of excluded concurrency keys, in either state that makes a job due", arguments: TestDatabase.available)
    func claimExcludingKeys(_ kind: TestDatabase) async throws {
        try await kind.withFreshDatabase { database in
            let queue = JobQueue(database: database)
            func keyed(_ concurrencyKey: String?, _ payload: String) -> JobQueue.NewJob {
                JobQueue.NewJob(kind: "noop", payload: payload, runAt: now, concurrencyKey: concurrencyKey)
            }
            try await queue.enqueue(keyed("webhook:a", "a1"), at: now, ids: .random)
            let lapsed = try #require(try await queue.claim(worker: "dead", limit: 1, leaseFor: 5, at: now).first)
            #expect(lapsed.job.concurrencyKey == "webhook:a")
            for job in [keyed("webhook:a", "a2"), keyed("webhook:b", "b1"), keyed(nil, "plain")] {
                try await queue.enqueue(job, at: now, ids: .random)
            }
            let later = now.addingTimeInterval(10)
            let allKeyed: Set = ["webhook:a", "webhook:b", "webhook:c"]
            #expect(try await queue.claim(worker: "w", limit: 10, leaseFor: 30, at: later, excluding: allKeyed).map(\.job.payload) == ["plain"])
            #expect(try await queue.claim(worker: "w", limit: 10, leaseFor: 30, at: later, excluding: ["webhook:a"]).map(\.job.payload) == ["b1"])
            // The lapsed lease is due again too, and still excluded until its key is not.
            #expect(try await queue.claim(worker: "w", limit: 10, leaseFor: 30, at: later, excluding: ["webhook:a"], lookFirst: false).isEmpty)
            let rest = try await queue.claim(worker: "w", limit: 10, leaseFor: 30, at: later)
            #expect(Set(rest.map(\.job.payload)) == ["a1", "a2"])
        }
    }

    @Test("an idempotency key admits one job", arguments: TestDatabase.available)
    func idempotencyKey(_ kind: TestDatabase) async throws {
        try await kind.withFreshDatabase { database in
            let queue = JobQueue(database: database)
            let first = try await queue.enqueue(job(key: "send:1"), at: now, ids: .random)
            let again = try await queue.enqueue(job(key: "send:1"), at: now, ids: .random)
            let other = try await queue.enqueue(job(key: "send:2"), at: now, ids: .random)
            #expect(first)
            #expect(!again)
            #expect(other)
            #expect(try await queue.list(status: .pending).count == 2)
        }
    }

    @Test("a job enqueued in a transaction that rolls back never exists", arguments: TestDatabase.available)
    func outboxIsAtomic(_ kind: TestDatabase) async throws {
        try await kind.withFreshDatabase { database in
            struct Abort: Error {}
            let newJob = job()
            do {
                try await database.transaction { sql in
                    try await JobQueue.enqueue(newJob, at: now, ids: .random, on: sql)
                    throw Abort()
                }
                Issue.record("the transaction should have thrown")
            } catch is Abort {}
            #expect(try await JobQueue(database: database).list(status: .pending).isEmpty)
        }
    }

    @Test("a dead worker's job is claimed again when its lease runs out, and the late worker cannot finish it", arguments: TestDatabase.available)
    func leaseExpiry(_ kind: TestDatabase) async throws {
        try await kind.withFreshDatabase { database in
            let queue = JobQueue(database: database)
            try await queue.enqueue(job(), at: now, ids: .random)
            let first = try #require(try await queue.claim(worker: "a", limit: 1, leaseFor: 30, at: now).first)
            #expect(try await queue.claim(worker: "b", limit: 1, leaseFor: 30, at: now.addingTimeInterval(29)).isEmpty)
            let second = try #require(try await queue.claim(worker: "b", limit: 1, leaseFor: 30, at: now.addingTimeInterval(30)).first)
            #expect(second.job.id == first.job.id)
            #expect(second.job.attempts == 2)
            #expect(!(try await queue.complete(first, at: now.addingTimeInterval(31))), "worker a lost its lease")
            #expect(try await queue.find(first.job.id)?.status == .running)
            #expect(try await queue.complete(second, at: now.addingTimeInterval(31)))
        }
    }

    @Test("a failed attempt waits for its retry time; the last one stays visible as FAILED", arguments: TestDatabase.available)
    func retries(_ kind: TestDatabase) async throws {
        try await kind.withFreshDatabase { database in
            let queue = JobQueue(database: database)
            try await queue.enqueue(job(maxAttempts: 2), at: now, ids: .random)
            let first = try #require(try await queue.claim(worker: "a", limit: 1, leaseFor: 30, at: now).first)
            #expect(try await queue.fail(first, error: "provider timed out", retryAt: now.addingTimeInterval(10), at: now))
            #expect(try await queue.claim(worker: "a", limit: 1, leaseFor: 30, at: now.addingTimeInterval(9)).isEmpty)
            let second = try #require(try await queue.claim(worker: "a", limit: 1, leaseFor: 30, at: now.addingTimeInterval(10)).first)
            #expect(second.job.lastError == "provider timed out")
            #expect(try await queue.fail(second, error: "provider refused", retryAt: nil, at: now.addingTimeInterval(11)))
            let failed = try await queue.list(status: .failed)
            #expect(failed.map(\.lastError) == ["provider refused"])
            #expect(failed.first?.attempts == 2)
        }
    }

    @Test("concurrent workers never claim the same job", arguments: TestDatabase.available)
    func concurrentClaims(_ kind: TestDatabase) async throws {
        try await kind.withFreshDatabase { database in
            let queue = JobQueue(database: database)
            for index in 0..<40 { try await queue.enqueue(job("job-\(index)"), at: now, ids: .random) }
            let claimed = try await withThrowingTaskGroup(of: [Job.ID].self) { group in
                for worker in 0..<4 {
                    group.addTask {
                        var mine: [Job.ID] = []
                        while true {
                            let claims = try await queue.claim(worker: "w\(worker)", limit: 3, leaseFor: 60, at: now)
                            if claims.isEmpty { return mine }
                            mine += claims.map(\.job.id)
                        }
                    }
                }
                return try await group.reduce(into: [Job.ID]()) { $0 += $1 }
            }
            #expect(claimed.count == 40)
            #expect(Set(claimed).count == 40)
        }
    }
}
