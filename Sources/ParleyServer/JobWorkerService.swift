package import Logging
import ParleyCore
package import ParleyStore
import ServiceLifecycle
import Synchronization

/// Runs the job worker for as long as the server runs, as a pipeline: whenever a slot is free it claims more
/// due jobs, so one slow job (a webhook endpoint that takes its full timeout, a model that thinks) never holds up
/// the others. Jobs sharing a concurrency key (the deliveries to one webhook, which may hang) are left unclaimed
/// while as many of them run as the worker allows, so they never fill its slots. It starts once the database is
/// migrated. On graceful shutdown it stops claiming and lets the jobs in progress finish, so no job is left
/// half-done; unclaimed jobs stay queued for the next start. A claim that fails (the database restarting, say) is
/// logged and tried again after the pause; it never stops the server.
package struct JobWorkerService: Service {
    let worker: JobWorker
    let pollInterval: Duration
    let bell: JobBell
    let startup: StartupGate
    let logger: Logger

    /// - Parameters:
    ///   - pollInterval: The longest the worker rests when no job is due; ``JobBell`` wakes it sooner.
    ///   - startup: Opens when the database is ready.
    package init(worker: JobWorker, pollInterval: Duration, bell: JobBell, startup: StartupGate, logger: Logger) {
        self.worker = worker
        self.pollInterval = pollInterval
        self.bell = bell
        self.startup = startup
        self.logger = logger
    }

    package func run() async throws {
        await startup.wait()
        let running = RunningJobs()
        // Whether the last claim took every job it asked for, so more are likely due.
        var busy = false
        await withDiscardingTaskGroup { group in
            while !Task.isShuttingDownGracefully, !Task.isCancelled {
                let (count, saturated) = running.now(limitPerKey: worker.concurrencyLimit)
                let free = worker.capacity - count
                var claimed = 0
                if free > 0 {
                    do {
                        let claims = try await worker.claim(limit: free, excluding: saturated, lookFirst: !busy)
                        claimed = claims.count
                        busy = claimed == free
                        for claim in claims {
                            running.start(claim.job)
                            group.addTask {
                                do {
                                    try await worker.run(claim)
                                } catch {
                                    logger.error("Recording a job's outcome failed", metadata: ["error.type": "\(type(of: error))"])
                                }
                                running.finish(claim.job)
                                // A slot is free again: claim more now rather than at the next poll.
                                bell.ring()
                            }
                        }
                    } catch is CancellationError where Task.isCancelled {
                        // Stopping: the claim was abandoned, its jobs stay queued for the next start, and the loop ends.
                    } catch {
                        busy = false
                        logger.error("Claiming jobs failed", metadata: ["error.type": "\(type(of: error))", "error.message": "\(error)"])
                    }
                }
                if claimed == 0 {
                    // A job queued in this process rings the bell and starts at once; others are found at the next poll.
                    await cancelWhenGracefulShutdown { await bell.wait(timeout: pollInterval) }
                }
            }
        }
    }
}

/// The jobs running, counted in all and by concurrency key, shared with the tasks that run them.
private final class RunningJobs: Sendable {
    private struct Counts {
        var all = 0
        var byKey: [String: Int] = [:]
    }

    private let counts = Mutex(Counts())

    func start(_ job: Job) {
        counts.withLock { counts in
            counts.all += 1
            if let key = job.concurrencyKey { counts.byKey[key, default: 0] += 1 }
        }
    }

    func finish(_ job: Job) {
        counts.withLock { counts in
            counts.all -= 1
            if let key = job.concurrencyKey {
                let remaining = counts.byKey[key, default: 1] - 1
                counts.byKey[key] = remaining > 0 ? remaining : nil
            }
        }
    }

    /// How many jobs run, and the keys with at least `limitPerKey` of them running.
    func now(limitPerKey: Int) -> (count: Int, saturated: Set<String>) {
        counts.withLock { counts in
            (counts.all, Set(counts.byKey.filter { $0.value >= limitPerKey }.keys))
        }
    }
}
