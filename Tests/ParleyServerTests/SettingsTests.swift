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
            ("PARLEY_JOBS_LEASE_SECONDS", "0"), ("PARLEY_LLM_BASE_URL", "ftp://models"), ("PARLEY_LLM_MODEL", "llama3"),
            ("PARLEY_CHANNELS_ALLOW_PRIVATE_TARGETS", "yes"),
        ])
    func badValues(variable: String, value: String) {
        let reader = ConfigReader(provider: EnvironmentVariablesProvider(environmentVariables: [variable: value]))
        #expect {
            try Settings(reader: reader)
        } throws: { error in
            "\(error)".contains(variable)
        }
    }

    @Test("PARLEY_CHANNELS_ALLOW_PRIVATE_TARGETS and PARLEY_WEBHOOKS_ALLOW_PRIVATE_TARGETS are separate switches, off by default")
    func privateTargets() throws {
        let defaults = try Settings(reader: ConfigReader(provider: InMemoryProvider(values: [:])))
        #expect(!defaults.allowPrivateChannelTargets && !defaults.allowPrivateWebhookTargets)
        let environment = EnvironmentVariablesProvider(environmentVariables: ["PARLEY_CHANNELS_ALLOW_PRIVATE_TARGETS": "true"])
        let channels = try Settings(reader: ConfigReader(provider: environment))
        #expect(channels.allowPrivateChannelTargets && !channels.allowPrivateWebhookTargets)
    }

    @Test("PARLEY_LLM_* configure the model; without them there is none")
    func model() throws {
        #expect(try Settings(reader: ConfigReader(provider: InMemoryProvider(values: [:]))).model == nil)
        let environment = EnvironmentVariablesProvider(environmentVariables: [
            "PARLEY_LLM_BASE_URL": "http://127.0.0.1:11434/v1/", "PARLEY_LLM_MODEL": "llama3.1", "PARLEY_LLM_API_KEY": "sk-local",
            "PARLEY_LLM_TIMEOUT_SECONDS": "5", "PARLEY_LLM_BUDGET_SECONDS": "12",
        ])
        let model = try #require(try Settings(reader: ConfigReader(provider: environment)).model)
        #expect(model.baseURL == "http://127.0.0.1:11434/v1" && model.model == "llama3.1" && model.apiKey == "sk-local")
        #expect(model.requestTimeout == .seconds(5) && model.turnBudget == .seconds(12))
    }

    @Test("the model's turn budget must end before the job lease does")
    func budgetWithinLease() {
        let environment = EnvironmentVariablesProvider(environmentVariables: [
            "PARLEY_LLM_BASE_URL": "https://api.example.com/v1", "PARLEY_LLM_MODEL": "m", "PARLEY_LLM_BUDGET_SECONDS": "30",
        ])
        #expect {
            try Settings(reader: ConfigReader(provider: environment))
        } throws: { error in
            "\(error)".contains("PARLEY_LLM_BUDGET_SECONDS") && "\(error)".contains("less than parley.jobs.leaseSeconds (30)")
        }
    }
}
