import ArgumentParser
import Foundation
import Logging
import ParleyCore
import ParleyServer
import ParleyStore

/// `parley admin …`: organizations, API keys and dashboard users, for operators and scripts. Results go to standard output
/// (JSON for what scripts read); logs and errors go to standard error.
struct AdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin",
        abstract: "Manage organizations, API keys and dashboard users.",
        subcommands: [
            CreateOrganizationCommand.self, CreateAPIKeyCommand.self, ListAPIKeysCommand.self, RevokeAPIKeyCommand.self, CreateUserCommand.self,
        ]
    )

    /// Runs `body` on the migrated database named by `option`.
    static func withMigratedDatabase<T: Sendable>(_ option: DatabaseOption, _ body: (Database) async throws -> T) async throws -> T {
        let settings = try Settings.resolve(database: option.url)
        let logger = Logger(label: "parley")
        return try await withDatabase(settings.database, logger: logger) { database in
            try await Migrations.run(on: database, logger: logger)
            return try await body(database)
        }
    }

    /// Prints `value` as one line of JSON.
    static func printJSON(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// Parses an `--organization` value.
    static func organizationID(_ text: String) throws -> Organization.ID {
        guard let id = Organization.ID(uuidString: text) else { throw ValidationError("--organization must be an organization id (a UUID)") }
        return id
    }
}

extension ParleyCore.ValidationError {
    /// The broken rules as a command-line error.
    var commandLineError: ArgumentParser.ValidationError { .init(message) }
}
