import Foundation
import HTTPTypes
import ParleyCore
import ParleyStore
import ParleyTesting
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
