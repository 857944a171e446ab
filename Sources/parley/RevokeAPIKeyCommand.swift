import ArgumentParser
import ParleyCore
import ParleyStore

/// `parley admin revoke-api-key --organization ID --key-prefix PREFIX`: revokes a key for good.
struct RevokeAPIKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke-api-key", abstract: "Revoke an API key; it stops working at once.")

    @Option(help: "The organization id.")
    var organization: String

    @Option(help: "The key's prefix, as list-api-keys shows it (prly_…).")
    var keyPrefix: String

    @OptionGroup var database: DatabaseOption

    func run() async throws {
        let organizationID = try AdminCommand.organizationID(organization)
        let prefix = keyPrefix.hasSuffix("_") ? String(keyPrefix.dropLast()) : keyPrefix
        let key = try await AdminCommand.withMigratedDatabase(database) { database in
            try await APIKeyRepository(database: database).revoke(organizationID: organizationID, prefix: prefix, at: WallClock.system.now())
        }
        guard let key else {
            printError("Organization \(organizationID) has no API key with prefix \(prefix).")
            throw ExitCode.failure
        }
        print("Revoked \(key.masked) (\(key.name)).")
    }
}
