import ArgumentParser
import Logging
import ParleyServer
import ParleyStore

/// `parley migrate`: brings the database schema up to date and exits.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Apply pending database migrations.")

    @OptionGroup var database: DatabaseOption

    func run() async throws {
        let settings = try Settings.resolve(database: database.url)
        let logger = Logger(label: "parley")
        try await withDatabase(settings.database, logger: logger) { database in
            try await Migrations.run(on: database, logger: logger)
        }
        logger.info("Database is up to date", metadata: ["parley.database": "\(settings.database)"])
    }
}
