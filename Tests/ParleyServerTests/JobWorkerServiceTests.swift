import Foundation
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
