import ArgumentParser
import Foundation
import ParleyCore
import ParleyStore

/// `parley admin create-user --organization ID --email E (--password P | --password-stdin)`: a dashboard user,
/// printed as JSON (never the password).
struct CreateUserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create-user", abstract: "Create a dashboard user, printed as JSON.")

    @Option(help: "The organization id.")
    var organization: String

    @Option(help: "The email address the user signs in with.")
    var email: String

    @Option(help: "The password (visible to other users of this machine: prefer --password-stdin).")
    var password: String?

    @Flag(help: "Read the password from the first line of standard input.")
    var passwordStdin = false

    @OptionGroup var database: DatabaseOption

    private struct Output: Encodable {
        var id: String
        var organizationId: String
        var email: String
    }

    func validate() throws {
        guard (password != nil) != passwordStdin else {
            throw ValidationError("give the password with exactly one of --password or --password-stdin")
        }
    }

    func run() async throws {
        let organizationID = try AdminCommand.organizationID(organization)
        guard let password = password ?? readLine(strippingNewline: true) else { throw ValidationError("no password on standard input") }
        let user = try await AdminCommand.withMigratedDatabase(database) { database in
            do {
                return try await UserRepository(database: database).create(
                    email: email, password: password, organizationID: organizationID, ids: .random, at: WallClock.system.now())
            } catch let error as ParleyCore.ValidationError {
                throw error.commandLineError
            } catch UserRepository.CreateError.emailTaken {
                throw ValidationError("--email: a user with this email exists already")
            } catch UserRepository.CreateError.organizationNotFound {
                throw ValidationError("--organization: no organization \(organizationID)")
            }
        }
        try AdminCommand.printJSON(Output(id: user.id.uuidString, organizationId: organizationID.uuidString, email: user.email))
    }
}
