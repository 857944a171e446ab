import Configuration
import Logging
import ParleyServer
import ParleyStore
import Testing

@Suite("Settings")
struct SettingsTests {
    @Test("defaults: 127.0.0.1:8080, ./parley.db, info")
    func defaults() throws {
        let settings = try Settings(reader: ConfigReader(provider: InMemoryProvider(values: [:])))
        #expect(settings.host == "127.0.0.1")
        #expect(settings.port == 8080)
        #expect(settings.database == .sqlite(path: "parley.db"))
        #expect(settings.logLevel == .info)
    }

    @Test("PARLEY_HOST, PARLEY_PORT, PARLEY_DATABASE_URL and PARLEY_LOG_LEVEL are read, flags win over them")
    func environmentAndFlags() throws {
        let environment = EnvironmentVariablesProvider(environmentVariables: [
            "PARLEY_HOST": "0.0.0.0", "PARLEY_PORT": "9000", "PARLEY_DATABASE_URL": "sqlite:///srv/parley.db", "PARLEY_LOG_LEVEL": "DEBUG",
        ])
        let fromEnvironment = try Settings(reader: ConfigReader(provider: environment))
        #expect(fromEnvironment.host == "0.0.0.0")
        #expect(fromEnvironment.port == 9000)
        #expect(fromEnvironment.database == .sqlite(path: "/srv/parley.db"))
        #expect(fromEnvironment.logLevel == .debug)

        let flags = InMemoryProvider(values: ["parley.port": "9100"])
        let withFlags = try Settings(reader: ConfigReader(providers: [flags, environment]))
        #expect(withFlags.port == 9100)
        #expect(withFlags.host == "0.0.0.0")
    }

    @Test(
        "an unusable value names its key and variable",
        arguments: [
            ("PARLEY_PORT", "http"), ("PARLEY_PORT", "70000"), ("PARLEY_DATABASE_URL", "mysql://x"), ("PARLEY_LOG_LEVEL", "loud"),
            ("PARLEY_JOBS_LEASE_SECONDS", "0"),
        ])
    func badValues(variable: String, value: String) {
        let reader = ConfigReader(provider: EnvironmentVariablesProvider(environmentVariables: [variable: value]))
        #expect {
            try Settings(reader: reader)
        } throws: { error in
            "\(error)".contains(variable)
        }
    }
}
