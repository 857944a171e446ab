import Foundation
import HTTPTypes
import ParleyCore
import ParleyStore
import ParleyTesting
import ParleyWebhooks
import Synchronization
import Testing

@Suite("Background jobs in the running server")
struct JobWorkerServiceTests {
    @Test("a job written to the database is run by the server's worker", arguments: TestDatabase.available)
    func serverRunsJobs(_ kind: TestDatabase) async throws {
        let (ran, signal) = AsyncStream<String>.makeStream()
        try await TestServer.run(on: kind, jobHandlers: ["echo": { job in signal.yield(job.payload) }]) { server in
            try await JobQueue(database: server.database).enqueue(
                .init(kind: "echo", payload: #"{"hello":"world"}"#, runAt: .now), at: .now, ids: .random)
            let payload = try await firstValue(of: ran, within: .seconds(10))
            #expect(payload == #"{"hello":"world"}"#)
        }
    }

    @Test("work the server queues itself starts at once, not at the worker's next poll", arguments: TestDatabase.available)
    func queuedWorkStartsAtOnce(_ kind: TestDatabase) async throws {
        try await TestServer.run(on: kind, jobPollInterval: .seconds(3600)) { server in
            let org = try await server.createOrganization()
            let campaign = try #require(try await server.request(.post, "/v1/campaigns", as: org, json: CampaignBodies.valid).json["id"] as? String)
            let id = try #require(try await start(server, org, campaign: campaign)["id"] as? String)
            // The opening job, its delivery and the first question each ring the worker awake; polling alone would
            // take an hour.
            #expect(try await agentMessageCount(2, server, org, id).count == 2)
            #expect(try await reply(server, org, "yes") == 202)
            #expect(try await agentMessageCount(3, server, org, id).count == 3)
        }
    }

    @Test("jobs sharing a concurrency key that hang hold no more slots than the limit; other jobs run", arguments: TestDatabase.available)
    func concurrencyKeyLimit(_ kind: TestDatabase) async throws {
        let started = Mutex<[String: Int]>([:])
        let released = Mutex(false)
        let handlers: [String: JobWorker.Handler] = [
            "hang": { job in
                started.withLock { $0[job.concurrencyKey ?? "", default: 0] += 1 }
                while !released.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(10)) }
            },
            "quick": { _ in started.withLock { $0["quick", default: 0] += 1 } },
        ]
        try await TestServer.run(on: kind, jobHandlers: handlers) { server in
            defer { released.withLock { $0 = true } }
            let limit = WebhookDeliverer.inFlightLimit
            func enqueue(_ count: Int, _ kind: String, key: String?, runAt: Date) async throws {
                let jobs = (0..<count).map { _ in JobQueue.NewJob(kind: kind, payload: "{}", runAt: runAt, concurrencyKey: key) }
                try await server.database.transaction { sql in try await JobQueue.enqueue(jobs, at: .now, ids: .random, on: sql) }
            }
            try await enqueue(limit, "hang", key: "webhook:stuck", runAt: .now)
            try await waitFor { started.withLock { $0["webhook:stuck"] } == limit }
            // Older than anything else, so a worker without the limit would fill every free slot with them.
            try await enqueue(4 * 32, "hang", key: "webhook:stuck", runAt: Date().addingTimeInterval(-60))
            try await enqueue(50, "quick", key: nil, runAt: .now)
            try await waitFor { started.withLock { $0["quick"] } == 50 }
            #expect(started.withLock { $0["webhook:stuck"] } == limit)
        }
    }

    /// Returns once `condition` holds, looking every 10 ms for up to 10 s.
    private func waitFor(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while !condition() {
            guard ContinuousClock.now < deadline else { throw TimeoutError() }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// The first element of `stream`, or a failure if none arrives in time.
    private func firstValue<T: Sendable>(of stream: AsyncStream<T>, within timeout: Duration) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                for await value in stream { return value }
                return nil
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let value = try await group.next(), let value else { throw TimeoutError() }
            return value
        }
    }

    private struct TimeoutError: Error {}
}
