import ArgumentParser
import Configuration
import Foundation
import Logging
import ParleyServer

/// The `--database` option every command shares, above `PARLEY_DATABASE_URL` and the embedded default.
struct DatabaseOption: ParsableArguments {
    @Option(
        name: .customLong("database"),
        help:
            "sqlite:///absolute.db, sqlite://relative.db or postgres://user:pass@host:port/db (env PARLEY_DATABASE_URL; default sqlite://parley.db).")
    var url: String?
}

extension Settings {
    /// Settings from command-line values first, then the environment, then the defaults; logging is set up
    /// to standard error at the resulting level, so standard output carries only a command's result.
    static func resolve(database: String?, host: String? = nil, port: Int? = nil) throws -> Settings {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        if let database { values["parley.database.url"] = .init(.string(database), isSecret: true) }
        if let host { values["parley.host"] = .init(.string(host), isSecret: false) }
        if let port { values["parley.port"] = .init(.string(String(port)), isSecret: false) }
        let reader = ConfigReader(providers: [
            InMemoryProvider(name: "command line", values: values),
            EnvironmentVariablesProvider(),
        ])
        let settings: Settings
        do {
            settings = try Settings(reader: reader)
        } catch {
            throw ValidationError("\(error)")
        }
        let level = settings.logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return settings
    }
}

/// Writes one line to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
