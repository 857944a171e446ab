import Foundation
import Logging
import ParleyCore
import ParleyServer
import ParleyStore
import SQLKit

/// The server's own job worker service, run with the given handlers until `body` returns.
func withWorker<T: Sendable>(
    _ database: Database, handlers: [String: JobWorker.Handler], logger: Logger, _ body: @Sendable () async throws -> T
) async throws -> T {
    let worker = JobWorker(
        queue: JobQueue(database: database), handlers: handlers, name: "bench-\(UUID().uuidString.prefix(8))", clock: .system, lease: 30,
        logger: logger)
    let startup = StartupGate()
    startup.open()
    let service = JobWorkerService(worker: worker, pollInterval: .seconds(1), bell: database.jobBell, startup: startup, logger: logger)
    let running = Task { try await service.run() }
    defer { running.cancel() }
    return try await body()
}

/// Milliseconds from `start` to `end`.
func milliseconds(_ start: ContinuousClock.Instant, _ end: ContinuousClock.Instant) -> Double {
    let duration = end - start
    return Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
}

/// The `p`-th percentile (0–100) of `values`, nearest rank.
func percentile(_ values: [Double], _ p: Double) -> Double {
    guard !values.isEmpty else { return .nan }
    let sorted = values.sorted()
    let rank = Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1
    return sorted[min(max(rank, 0), sorted.count - 1)]
}

/// Returns once no job is pending or running (looking every 10 ms).
func waitUntilIdle(_ database: Database) async throws {
    while true {
        let busy = try await database.read { sql in
            try await sql.select().column("id").from("jobs")
                .where("status", .in, [Job.Status.pending.rawValue, Job.Status.running.rawValue])
                .limit(1).first()
        }
        if busy == nil { return }
        try await Task.sleep(for: .milliseconds(10))
    }
}
