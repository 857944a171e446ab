package import Configuration
import Foundation
package import Logging
package import ParleyStore

/// Everything a Parley server reads from its environment, read once at start.
///
/// | key | environment variable | type | default |
/// |---|---|---|---|
/// | `parley.host` | `PARLEY_HOST` | string | `127.0.0.1` |
/// | `parley.port` | `PARLEY_PORT` | integer, 0 picks a free port | `8080` |
/// | `parley.database.url` | `PARLEY_DATABASE_URL` | `sqlite://…` or `postgres://…` | `sqlite://parley.db` |
/// | `parley.log.level` | `PARLEY_LOG_LEVEL` | `trace` … `critical` | `info` |
/// | `parley.jobs.leaseSeconds` | `PARLEY_JOBS_LEASE_SECONDS` | seconds a worker holds a claimed job, 1–3600 | `10` |
///
/// Command-line flags sit above the environment (see the `parley` command); tests use an in-memory provider.
package struct Settings: Sendable {
    package var host: String
    package var port: Int
    package var database: DatabaseURL
    package var logLevel: Logger.Level
    /// How long a claimed job stays one worker's: after a crash, its jobs are taken over when this runs out.
    package var jobLeaseSeconds: Int

    package init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        database: DatabaseURL = .embeddedDefault,
        logLevel: Logger.Level = .info,
        jobLeaseSeconds: Int = 10
    ) {
        self.host = host
        self.port = port
        self.database = database
        self.logLevel = logLevel
        self.jobLeaseSeconds = jobLeaseSeconds
    }

    /// Reads the settings; throws ``SettingsError`` naming the key of any unusable value.
    package init(reader: ConfigReader) throws {
        let defaults = Settings()
        host = reader.string(forKey: "parley.host", default: defaults.host)
        let portText = reader.string(forKey: "parley.port")
        if let portText {
            guard let port = Int(portText), (0...65_535).contains(port) else {
                throw SettingsError(key: "parley.port", rule: "must be a port number from 0 to 65535")
            }
            self.port = port
        } else {
            port = defaults.port
        }
        if let text = reader.string(forKey: "parley.database.url", isSecret: true) {
            do {
                database = try DatabaseURL(text)
            } catch {
                throw SettingsError(key: "parley.database.url", rule: error.description)
            }
        } else {
            database = defaults.database
        }
        let levelText = reader.string(forKey: "parley.log.level", default: defaults.logLevel.rawValue)
        guard let level = Logger.Level(rawValue: levelText.lowercased()) else {
            throw SettingsError(key: "parley.log.level", rule: "must be one of trace, debug, info, notice, warning, error, critical")
        }
        logLevel = level
        let lease = reader.string(forKey: "parley.jobs.leaseSeconds") ?? String(defaults.jobLeaseSeconds)
        guard let leaseSeconds = Int(lease), (1...3600).contains(leaseSeconds) else {
            throw SettingsError(key: "parley.jobs.leaseSeconds", rule: "must be a number of seconds from 1 to 3600")
        }
        jobLeaseSeconds = leaseSeconds
    }
}

/// A setting whose value cannot be used.
package struct SettingsError: Error, CustomStringConvertible {
    package var key: String
    package var rule: String

    package var description: String {
        // The environment variable swift-configuration reads for the key: dots and camel-case humps become `_`.
        let variable = key.reduce(into: "") { name, character in
            if character == "." {
                name += "_"
            } else {
                if character.isUppercase { name += "_" }
                name += character.uppercased()
            }
        }
        return "\(key) (\(variable)): \(rule)"
    }
}
