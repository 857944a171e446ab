import ArgumentParser
import Foundation
import ParleyCore
import ParleyStore

/// `parley admin list-api-keys --organization ID`: the organization's keys, masked, newest first.
struct ListAPIKeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list-api-keys", abstract: "List an organization's API keys, masked.")

    @Option(help: "The organization id.")
    var organization: String

    @OptionGroup var database: DatabaseOption

    func run() async throws {
        let organizationID = try AdminCommand.organizationID(organization)
        let keys = try await AdminCommand.withMigratedDatabase(database) { database in
            try await APIKeyRepository(database: database).list(organizationID: organizationID)
        }
        let now = WallClock.system.now()
        let rows =
            [["STATUS", "NAME", "KEY", "CREATED", "EXPIRES"]]
            + keys.map { key in
                [
                    key.status(at: now).rawValue, key.name, key.masked, key.createdAt.formatted(.iso8601),
                    key.expiresAt.map { $0.formatted(.iso8601) } ?? "never",
                ]
            }
        let widths = (0..<5).map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            print(zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  "))
        }
    }
}
