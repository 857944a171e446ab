import ArgumentParser
import Foundation
import ParleyCore
import ParleyStore

/// `parley admin create-api-key --organization ID [--name N] [--expires-in-days N]`: prints the new key once as JSON.
struct CreateAPIKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create-api-key", abstract: "Create an API key, printed once as JSON.")

    @Option(help: "The organization id.")
    var organization: String

    @Option(help: "A name to recognise the key by.")
    var name: String = "api-key"

    @Option(help: "Days until the key expires, 1–3650 (default: never).")
    var expiresInDays: Int?

    @OptionGroup var database: DatabaseOption

    private struct Output: Encodable {
        var organizationId: String
        var apiKey: String
        var keyPrefix: String
        var name: String
        var expiresAt: String?
    }

    func run() async throws {
        let organizationID = try AdminCommand.organizationID(organization)
        let created = try await AdminCommand.withMigratedDatabase(database) { database in
            var random = SystemRandomNumberGenerator()
            do {
                return try await APIKeyRepository(database: database).create(
                    organizationID: organizationID, name: name, expiresInDays: expiresInDays, ids: .random, at: WallClock.system.now(),
                    random: &random
                )
            } catch let error as ParleyCore.ValidationError {
                throw error.commandLineError
            }
        }
        guard let created else {
            printError("No organization \(organizationID).")
            throw ExitCode.failure
        }
        try AdminCommand.printJSON(
            Output(
                organizationId: organizationID.uuidString,
                apiKey: created.secret,
                keyPrefix: created.key.prefix,
                name: created.key.name,
                expiresAt: created.key.expiresAt.map { $0.formatted(.iso8601) }
            )
        )
    }
}
