import Logging
import ParleyStore
import ServiceLifecycle

/// Runs the job worker for as long as the server runs: a round of due jobs, then a short pause when there was
/// nothing to do. It starts once the database is migrated. On graceful shutdown it stops claiming and lets the
/// round in progress finish, so no job is left half-done; unclaimed jobs stay queued for the next start. A round
/// that fails (the database restarting, say) is logged and tried again after the pause; it never stops the server.
struct JobWorkerService: Service {
    let worker: JobWorker
    let pollInterval: Duration
    let startup: StartupGate
    let logger: Logger

    func run() async throws {
        await startup.wait()
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            var claimed = 0
            do {
                claimed = try await worker.runDueJobs()
            } catch {
                logger.error("Job round failed", metadata: ["error.type": "\(type(of: error))", "error.message": "\(error)"])
            }
            if claimed == 0 {
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: pollInterval) }
            }
        }
    }
}
