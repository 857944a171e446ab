import ArgumentParser
import ParleyCore
import ParleyStore

/// `parley admin create-organization --name NAME`: prints `{"apiKey": …, "organizationId": …}`.
struct CreateOrganizationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-organization",
        abstract: "Create an organization with its first API key, printed once as JSON."
    )

    @Option(help: "The organization's name.")
    var name: String

    @OptionGroup var database: DatabaseOption

    func run() async throws {
        let provisioned = try await AdminCommand.withMigratedDatabase(database) { database in
            var random = SystemRandomNumberGenerator()
            do {
                return try await OrganizationRepository(database: database).create(
                    name: name, ids: .random, at: WallClock.system.now(), random: &random)
            } catch let error as ParleyCore.ValidationError {
                throw error.commandLineError
            }
        }
        try AdminCommand.printJSON(["organizationId": provisioned.organization.id.uuidString, "apiKey": provisioned.apiKey])
    }
}
