import ParleyStore
import ServiceLifecycle

/// Keeps the database's connections open while the server runs, and closes them after the HTTP server has
/// stopped (services shut down in reverse order, and the server is the last one listed).
struct DatabaseService: Service {
    let database: Database

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await database.run()
        }
    }
}
