import ArgumentParser

/// `parley`: the Parley server and its administration.
@main
struct Parley: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parley",
        abstract: "Self-hosted AI recruiting outreach, compatible with Popp AI's public API.",
        subcommands: [ServeCommand.self, MigrateCommand.self, AdminCommand.self]
    )
}
