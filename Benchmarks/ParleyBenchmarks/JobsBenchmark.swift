import Foundation
import Logging
import ParleyCore
import ParleyStore
import SQLKit
import Synchronization

/// Job queue figures: how fast the server's worker drains no-op jobs that are already queued, and how long a job
/// queued while the worker is idle waits before it starts.
struct JobsBenchmark {
    let database: Database
    let logger: Logger

    private static let kind = "bench.noop"

    func run(count: Int) async throws -> [String: Double] {
        let queue = JobQueue(database: database)
        let enqueueStart = ContinuousClock.now
        for batch in stride(from: 0, to: count, by: 500) {
            try await database.transaction { sql in
                for index in batch..<min(batch + 500, count) {
                    try await JobQueue.enqueue(.init(kind: Self.kind, payload: "\(index)", runAt: Date()), at: Date(), ids: .random, on: sql)
                }
            }
        }
        let enqueueMilliseconds = milliseconds(enqueueStart, .now)

        // Throughput: the worker starts with every job queued and runs until the last is done.
        let done = Counter()
        let (finished, signal) = AsyncStream<Void>.makeStream()
        let drainMilliseconds = try await withWorker(
            database,
            handlers: [
                Self.kind: { _ in
                    if done.increment() == count { signal.yield() }
                }
            ], logger: logger
        ) {
            let start = ContinuousClock.now
            for await _ in finished { break }
            // Every handler has returned; the jobs count as done once their outcomes are recorded too.
            try await waitUntilIdle(database)
            return milliseconds(start, .now)
        }

        // Latency: one job at a time into an idle worker, from the moment its enqueue starts to its handler's start.
        let samples = min(count, 300)
        let (started, startSignal) = AsyncStream<ContinuousClock.Instant>.makeStream()
        let latencies = try await withWorker(database, handlers: [Self.kind: { _ in startSignal.yield(.now) }], logger: logger) {
            var latencies: [Double] = []
            var iterator = started.makeAsyncIterator()
            try await Task.sleep(for: .milliseconds(200))
            for index in 0..<samples {
                let enqueued = ContinuousClock.now
                try await queue.enqueue(.init(kind: Self.kind, payload: "latency-\(index)", runAt: Date()), at: Date(), ids: .random)
                guard let start = await iterator.next() else { break }
                latencies.append(milliseconds(enqueued, start))
                try await Task.sleep(for: .milliseconds(2))
            }
            try await waitUntilIdle(database)
            return latencies
        }
        return [
            "jobs": Double(count),
            "enqueue_per_second": Double(count) / enqueueMilliseconds * 1000,
            "jobs_per_second": Double(count) / drainMilliseconds * 1000,
            "start_latency_p50_ms": percentile(latencies, 50),
            "start_latency_p99_ms": percentile(latencies, 99),
        ]
    }
}

/// A count shared by concurrent handlers.
final class Counter: Sendable {
    private let value = Atomic(0)

    /// Adds one and returns the new count.
    func increment() -> Int { value.wrappingAdd(1, ordering: .relaxed).newValue }

    var current: Int { value.load(ordering: .relaxed) }
}
