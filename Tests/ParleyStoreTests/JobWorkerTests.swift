import Foundation
import Logging
import ParleyCore
import ParleyStore
import ParleyTesting
import Synchronization
import Testing

@Suite("Job worker")
struct JobWorkerTests {
    /// Counts handler runs per job kind, and fails on demand.
    private final class Recorder: Sendable {
        let runs = Mutex<[String: Int]>([:])
        let failuresLeft = Mutex<Int>(0)

        func handler(failing: Bool = false) -> JobWorker.Handler {
            { job in
                self.runs.withLock { $0[job.kind, default: 0] += 1 }
                if failing,
                    self.failuresLeft.withLock({ left in
                        defer { left -= 1 }
                        return left > 0
                    })
                {
                    throw URLError(.timedOut)
                }
            }
        }

        func count(_ kind: String) -> Int { runs.withLock { $0[kind] ?? 0 } }
    }

    private func worker(_ database: Database, _ clock: ManualClock, _ handlers: [String: JobWorker.Handler]) -> JobWorker {
        JobWorker(
            queue: JobQueue(database: database), handlers: handlers, name: "test-worker", clock: clock.wallClock,
            retry: .exponentialBackoff(maxAttempts: 3, base: 10, max: 60), jitter: { 1 }, logger: .quiet
        )
    }

    @Test("a due job runs once and succeeds; a future one waits for the clock", arguments: TestDatabase.available)
    func runsDueJobs(_ kind: TestDatabase) async throws {
        try await kind.withFreshDatabase { database in
            let clock = ManualClock()
            let recorder = Recorder()
            let queue = JobQueue(database: database)
            try await queue.enqueue(.init(kind: "greet", payload: "{}", runAt: clock.now), at: clock.now, ids: .random)
            try await queue.enqueue(.init(kind: "remind", payload: "{}", runAt: clock.now.addingTimeInterval(3600)), at: clock.now, ids: .random)
            let worker = worker(database, clock, ["greet": recorder.handler(), "remind": recorder.handler()])
            #expect(try await worker.runDueJobs() == 1)
            #expect(try await worker.runDueJobs() == 0)
            #expect(recorder.count("greet") == 1)
            #expect(recorder.count("remind") == 0)
            clock.advance(by: 3600)
            #expect(try await worker.runDueJobs() == 1)
            #expect(recorder.count("remind") == 1)
            #expect(try await queue.list(status: .succeeded).count == 2)
        }
    }

    @Test("a postponed job waits until its time and the postponement is no attempt", arguments: TestDatabase.available)
    func postponed(_ kind: TestDatabase) async throws {
        try await kind.withFreshDatabase { database in
            let clock = ManualClock()
            let runs = Mutex(0)
            let queue = JobQueue(database: database)
            try await queue.enqueue(.init(kind: "busy", payload: "{}", runAt: clock.now, maxAttempts: 1), at: clock.now, ids: .random)
            let worker = worker(
                database, clock,
                [
                    "busy": { _ in
                        let run = runs.withLock { runs in
                            runs += 1
                            return runs
                        }
                        if run < 3 { throw JobPostponement(until: clock.now.addingTimeInterval(5)) }
                    }
                ])
            #expect(try await worker.runDueJobs() == 1)
            clock.advance(by: 4.9)
            #expect(try await worker.runDueJobs() == 0, "postponed for 5 s")
            clock.advance(by: 0.1)
            #expect(try await worker.runDueJobs() == 1)
            clock.advance(by: 5)
            // Two postponements of a job allowed a single attempt: it still runs, and succeeds.
            #expect(try await worker.runDueJobs() == 1)
            let job = try #require(try await queue.list(status: .succeeded).first)
            #expect(job.attempts == 1)
            #expect(runs.withLock { $0 } == 3)
        }
    }

    @Test("a failing job is retried after its backoff, and fails for good after the last attempt", arguments: TestDatabase.available)
    func retriesWithBackoff(_ kind: TestDatabase) async throws {
        try await kind.withFreshDatabase { database in
            let clock = ManualClock()
            let recorder = Recorder()
            recorder.failuresLeft.withLock { $0 = 10 }
            let queue = JobQueue(database: database)
            try await queue.enqueue(.init(kind: "flaky", payload: "{}", runAt: clock.now, maxAttempts: 5), at: clock.now, ids: .random)
            let worker = worker(database, clock, ["flaky": recorder.handler(failing: true)])
            #expect(try await worker.runDueJobs() == 1)
            clock.advance(by: 9.9)
            #expect(try await worker.runDueJobs() == 0, "the first retry waits 10 s")
            clock.advance(by: 0.1)
            #expect(try await worker.runDueJobs() == 1)
            clock.advance(by: 20)
            #expect(try await worker.runDueJobs() == 1, "the second retry waits 20 s")
            clock.advance(by: 3600)
            #expect(try await worker.runDueJobs() == 0, "the policy allows three attempts")
            let failed = try await queue.list(status: .failed)
            #expect(failed.count == 1)
            #expect(failed.first?.attempts == 3)
            #expect(recorder.count("flaky") == 3)
        }
    }

    @Test("a permanent failure or an unknown kind fails at once, without retries", arguments: TestDatabase.available)
    func permanentFailures(_ kind: TestDatabase) async throws {
        try await kind.withFreshDatabase { database in
            let clock = ManualClock()
            let queue = JobQueue(database: database)
            try await queue.enqueue(.init(kind: "doomed", payload: "{}", runAt: clock.now), at: clock.now, ids: .random)
            try await queue.enqueue(.init(kind: "mystery", payload: "{}", runAt: clock.now), at: clock.now, ids: .random)
            let worker = worker(database, clock, ["doomed": { _ in throw PermanentJobFailure("the campaign no longer exists") }])
            #expect(try await worker.runDueJobs() == 2)
            clock.advance(by: 3600)
            #expect(try await worker.runDueJobs() == 0)
            let errors = Set(try await queue.list(status: .failed).compactMap(\.lastError))
            #expect(errors == ["the campaign no longer exists", "no handler for job kind mystery"])
        }
    }
}
