import Foundation
import HTTPTypes
import ParleyCore
import ParleyStore
import ParleyTesting
import Testing

/// Runs the built `parley` executable, as an operator or a script would.
private struct ParleyCommand {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appending(path: "parley")
    }

    static func run(_ arguments: [String], input: String? = nil) async throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let finished = try await ChildProcess.run(process, input: input.map { Data($0.utf8) })
        return Result(status: finished.status, stdout: finished.text, stderr: finished.errorText)
    }
}

@Suite("parley admin")
struct AdminCommandTests {
    @Test("create-organization prints exactly one JSON object whose key works; keys are listed masked and revoked", arguments: TestDatabase.available)
    func organizationAndKeys(_ kind: TestDatabase) async throws {
        try await kind.withFreshLocation { location in try await flow(location) }
    }

    private func flow(_ location: TestDatabaseLocation) async throws {
        let database = ["--database", location.commandLineURL]
        let created = try await ParleyCommand.run(["admin", "create-organization", "--name", "Acme Recruiting"] + database)
        #expect(created.status == 0, "\(created.stderr)")
        let lines = created.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(created.stdout.utf8)) as? [String: String])
        #expect(Set(object.keys) == ["organizationId", "apiKey"])
        let organizationID = try #require(object["organizationId"])
        let apiKey = try #require(object["apiKey"])
        #expect(!created.stderr.contains(apiKey), "the key never reaches the logs")

        let second = try await ParleyCommand.run(
            ["admin", "create-api-key", "--organization", organizationID, "--name", "ci", "--expires-in-days", "30"] + database
        )
        #expect(second.status == 0, "\(second.stderr)")
        let secondKey = try #require(try JSONSerialization.jsonObject(with: Data(second.stdout.utf8)) as? [String: String])
        let prefix = try #require(secondKey["keyPrefix"])
        #expect(secondKey["apiKey"]?.hasPrefix(prefix + "_") == true)

        let listed = try await ParleyCommand.run(["admin", "list-api-keys", "--organization", organizationID] + database)
        #expect(listed.status == 0)
        #expect(listed.stdout.contains("ci"))
        #expect(listed.stdout.contains(prefix + "_…"))
        #expect(!listed.stdout.contains(apiKey))
        #expect(!listed.stdout.contains(secondKey["apiKey"] ?? "-"))

        let revoked = try await ParleyCommand.run(
            ["admin", "revoke-api-key", "--organization", organizationID, "--key-prefix", prefix] + database
        )
        #expect(revoked.status == 0, "\(revoked.stderr)")
        let relisted = try await ParleyCommand.run(["admin", "list-api-keys", "--organization", organizationID] + database)
        #expect(relisted.stdout.contains("REVOKED"))

        let missing = try await ParleyCommand.run(
            ["admin", "revoke-api-key", "--organization", organizationID, "--key-prefix", "prly_00000000"] + database
        )
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no API key with prefix prly_00000000"))

        // The key printed by create-organization authenticates against a server on the same database.
        try await location.withDatabase { db in
            let keys = ParleyStore.APIKeyRepository(database: db)
            let id = try #require(Organization.ID(uuidString: organizationID))
            #expect(try await keys.authenticate(presented: apiKey, organizationID: id, at: .now))
        }
    }

    @Test("bad arguments exit non-zero with a message and print nothing on standard output")
    func badArguments() async throws {
        let noName = try await ParleyCommand.run(["admin", "create-organization", "--database", "sqlite:///tmp/parley-never-created.db"])
        #expect(noName.status != 0)
        #expect(noName.stdout.isEmpty)
        let badDatabase = try await ParleyCommand.run(["migrate", "--database", "mysql://localhost/x"])
        #expect(badDatabase.status != 0)
        #expect(badDatabase.stderr.contains("must start with sqlite:// or postgres://"))
        let badOrganization = try await ParleyCommand.run([
            "admin", "list-api-keys", "--organization", "acme", "--database", "sqlite:///tmp/parley-never-created.db",
        ])
        #expect(badOrganization.status != 0)
        #expect(badOrganization.stderr.contains("--organization must be an organization id"))
    }
}

extension AdminCommandTests {
    @Test("create-user takes the password from stdin or an option, never prints it, and refuses a second user with the email")
    func createUser() async throws {
        try await TestDatabase.sqlite.withFreshLocation { location in
            let database = ["--database", location.commandLineURL]
            let organization = try await ParleyCommand.run(["admin", "create-organization", "--name", "Acme"] + database)
            let organizationID = try #require(
                (try JSONSerialization.jsonObject(with: Data(organization.stdout.utf8)) as? [String: String])?["organizationId"])
            let password = "correct horse battery staple"
            let created = try await ParleyCommand.run(
                ["admin", "create-user", "--organization", organizationID, "--email", "Sam@Acme.example", "--password-stdin"] + database,
                input: password + "\n")
            #expect(created.status == 0, "\(created.stderr)")
            let user = try #require(try JSONSerialization.jsonObject(with: Data(created.stdout.utf8)) as? [String: String])
            #expect(user["email"] == "sam@acme.example" && user["organizationId"] == organizationID)
            #expect(!created.stdout.contains(password) && !created.stderr.contains(password))

            let again = try await ParleyCommand.run(
                ["admin", "create-user", "--organization", organizationID, "--email", "sam@acme.example", "--password", password] + database)
            #expect(again.status != 0 && again.stderr.contains("a user with this email exists already"), "\(again.stderr)")
            let short = try await ParleyCommand.run(
                ["admin", "create-user", "--organization", organizationID, "--email", "lee@acme.example", "--password", "short"] + database)
            #expect(short.status != 0 && short.stderr.contains("password: must be 10 to 200 characters"), "\(short.stderr)")
            let both = try await ParleyCommand.run(
                ["admin", "create-user", "--organization", organizationID, "--email", "x@acme.example"] + database)
            #expect(both.status != 0 && both.stderr.contains("exactly one of --password or --password-stdin"))
        }
    }
}
