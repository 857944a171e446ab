import ArgumentParser
import Hummingbird
import Logging
import ParleyServer

/// `parley serve`: migrates the database and serves the API until SIGTERM or SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the Parley server (migrates the database first)."
    )

    @Option(help: "Address to listen on (env PARLEY_HOST; default 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on, 0 for any free port (env PARLEY_PORT; default 8080).")
    var port: Int?

    @OptionGroup var database: DatabaseOption

    func run() async throws {
        let settings = try Settings.resolve(database: database.url, host: host, port: port)
        let logger = Logger(label: "parley")
        logger.info(
            "Starting Parley",
            metadata: ["parley.database": "\(settings.database)", "server.address": "\(settings.host):\(settings.port)"]
        )
        let app = try await buildApplication(settings, logger: logger)
        try await app.runService()
    }
}
