package import Configuration
import Foundation
package import Logging
package import ParleyCore
package import ParleyStore

/// Everything a Parley server reads from its environment, read once at start.
///
/// | key | environment variable | type | default |
/// |---|---|---|---|
/// | `parley.host` | `PARLEY_HOST` | string | `127.0.0.1` |
/// | `parley.port` | `PARLEY_PORT` | integer, 0 picks a free port | `8080` |
/// | `parley.database.url` | `PARLEY_DATABASE_URL` | `sqlite://…` or `postgres://…` | `sqlite://parley.db` |
/// | `parley.log.level` | `PARLEY_LOG_LEVEL` | `trace` … `critical` | `info` |
/// | `parley.jobs.leaseSeconds` | `PARLEY_JOBS_LEASE_SECONDS` | seconds a worker holds a claimed job, 1–3600 | `30` |
/// | `parley.publicUrl` | `PARLEY_PUBLIC_URL` | the server's public base URL, in links it sends | `http://{host}:{port}` |
/// | `parley.secretKey` | `PARLEY_SECRET_KEY` | base64 of 32 bytes; encrypts webhook secrets | generated once, kept in the database |
/// | `parley.webhooks.allowPrivateTargets` | `PARLEY_WEBHOOKS_ALLOW_PRIVATE_TARGETS` | `true` lets webhooks reach private addresses | `false` |
/// | `parley.channels.allowPrivateTargets` | `PARLEY_CHANNELS_ALLOW_PRIVATE_TARGETS` | `true` lets a channel connection's `apiBaseUrl` name a private address | `false` |
/// | `parley.rateLimit.perKey` | `PARLEY_RATE_LIMIT_PER_KEY` | `/v1` requests a second per API key, bursts of four times that; 0 is no limit | `25` |
/// | `parley.rateLimit.perOrganization` | `PARLEY_RATE_LIMIT_PER_ORGANIZATION` | the same for all of an organization's keys together | `100` |
/// | `parley.llm.baseUrl` | `PARLEY_LLM_BASE_URL` | an OpenAI-compatible endpoint, `…/v1` | none: the built-in agent only |
/// | `parley.llm.model` | `PARLEY_LLM_MODEL` | the model name the endpoint knows | none |
/// | `parley.llm.apiKey` | `PARLEY_LLM_API_KEY` | sent as a bearer token | none |
/// | `parley.llm.timeoutSeconds` | `PARLEY_LLM_TIMEOUT_SECONDS` | seconds one request may take, 1–300 | `15` |
/// | `parley.llm.budgetSeconds` | `PARLEY_LLM_BUDGET_SECONDS` | seconds one turn may wait on the model, retries included, less than the job lease | `20` |
///
/// Command-line flags sit above the environment (see the `parley` command); tests use an in-memory provider.
package struct Settings: Sendable {
    package var host: String
    package var port: Int
    package var database: DatabaseURL
    package var logLevel: Logger.Level
    /// How long a claimed job stays one worker's: after a crash, its jobs are taken over when this runs out.
    package var jobLeaseSeconds: Int
    /// The language model, when one is configured.
    package var model: ModelSettings?
    /// The server's public base URL, without a trailing slash; links in webhooks start with it.
    package var publicURL: String?
    /// Base64 of the 32-byte key that encrypts webhook secrets; `nil` generates one and keeps it in the database.
    package var secretKey: String?
    /// Lets webhooks reach loopback and private addresses: for self-hosting on one network, and for tests.
    package var allowPrivateWebhookTargets: Bool
    /// Lets channel connections' `apiBaseUrl` name loopback and private hosts: a relay on the same network, tests.
    package var allowPrivateChannelTargets: Bool = false
    /// The longest a webhook endpoint may take to answer; 15 seconds (tests shorten it).
    package var webhookTimeout: Duration = .seconds(15)
    /// How fast one API key may call `/v1`; `nil` is no limit.
    package var rateLimitPerKey: RateLimiter.Limit? = RateLimiter.Limit(perSecond: 25)
    /// How fast all of one organization's keys together may call `/v1`; `nil` is no limit.
    package var rateLimitPerOrganization: RateLimiter.Limit? = RateLimiter.Limit(perSecond: 100)

    /// ``publicURL``, or the address the server listens on.
    package var publicBaseURL: String { publicURL ?? "http://\(host):\(port)" }

    package init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        database: DatabaseURL = .embeddedDefault,
        logLevel: Logger.Level = .info,
        jobLeaseSeconds: Int = 30,
        model: ModelSettings? = nil,
        publicURL: String? = nil,
        secretKey: String? = nil,
        allowPrivateWebhookTargets: Bool = false
    ) {
        self.publicURL = publicURL
        self.secretKey = secretKey
        self.allowPrivateWebhookTargets = allowPrivateWebhookTargets
        self.host = host
        self.port = port
        self.database = database
        self.logLevel = logLevel
        self.jobLeaseSeconds = jobLeaseSeconds
        self.model = model
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
        model = try ModelSettings(reader: reader, leaseSeconds: leaseSeconds)
        if let url = reader.string(forKey: "parley.publicUrl") {
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil else {
                throw SettingsError(key: "parley.publicUrl", rule: "must be an http or https URL, such as https://parley.example.com")
            }
            publicURL = url.hasSuffix("/") ? String(url.dropLast()) : url
        }
        secretKey = reader.string(forKey: "parley.secretKey", isSecret: true)
        if let secretKey, Data(base64Encoded: secretKey)?.count != 32 {
            throw SettingsError(key: "parley.secretKey", rule: "must be the base64 of 32 bytes (openssl rand -base64 32)")
        }
        allowPrivateWebhookTargets = try Self.flag("parley.webhooks.allowPrivateTargets", in: reader)
        allowPrivateChannelTargets = try Self.flag("parley.channels.allowPrivateTargets", in: reader)
        rateLimitPerKey = try Self.rateLimit("parley.rateLimit.perKey", in: reader, default: defaults.rateLimitPerKey)
        rateLimitPerOrganization = try Self.rateLimit("parley.rateLimit.perOrganization", in: reader, default: defaults.rateLimitPerOrganization)
    }

    /// A rate in requests a second, 0 for no limit.
    private static func rateLimit(_ key: String, in reader: ConfigReader, default value: RateLimiter.Limit?) throws -> RateLimiter.Limit? {
        guard let text = reader.string(forKey: ConfigKey(key)) else { return value }
        guard let rate = Int(text), (0...100_000).contains(rate) else {
            throw SettingsError(key: key, rule: "must be a number of requests a second from 0 (no limit) to 100000")
        }
        return rate == 0 ? nil : RateLimiter.Limit(perSecond: Double(rate))
    }

    /// A `true`/`false` (or `1`/`0`) setting, `false` when absent.
    private static func flag(_ key: String, in reader: ConfigReader) throws -> Bool {
        let value = reader.string(forKey: ConfigKey(key))?.lowercased() ?? "false"
        guard ["true", "false", "1", "0"].contains(value) else { throw SettingsError(key: key, rule: "must be true or false") }
        return value == "true" || value == "1"
    }
}

/// A language model behind an OpenAI-compatible chat-completions endpoint.
package struct ModelSettings: Sendable {
    /// The endpoint's base, such as `https://api.openai.com/v1` or `http://127.0.0.1:11434/v1`; requests go to
    /// `{baseURL}/chat/completions`.
    package var baseURL: String
    package var model: String
    package var apiKey: String?
    /// The longest one request may take.
    package var requestTimeout: Duration
    /// The longest one conversation turn may wait on the model, retries included, before the built-in agent answers.
    package var turnBudget: Duration
    /// The first wait after a failed request; each later one doubles.
    package var retryBackoff: Duration

    package init(
        baseURL: String,
        model: String,
        apiKey: String? = nil,
        requestTimeout: Duration = .seconds(15),
        turnBudget: Duration = .seconds(20),
        retryBackoff: Duration = .milliseconds(500)
    ) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.model = model
        self.apiKey = apiKey
        self.requestTimeout = requestTimeout
        self.turnBudget = turnBudget
        self.retryBackoff = retryBackoff
    }

    /// The model settings, `nil` when no endpoint is set; throws ``SettingsError`` naming the key at fault.
    init?(reader: ConfigReader, leaseSeconds: Int) throws {
        let baseURL = reader.string(forKey: "parley.llm.baseUrl")
        let model = reader.string(forKey: "parley.llm.model")
        guard baseURL != nil || model != nil else { return nil }
        guard let baseURL else {
            throw SettingsError(key: "parley.llm.baseUrl", rule: "is required when PARLEY_LLM_MODEL is set: the endpoint that serves the model")
        }
        guard let url = URL(string: baseURL), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
            throw SettingsError(key: "parley.llm.baseUrl", rule: "must be an http or https URL, such as https://api.openai.com/v1")
        }
        guard let model, !model.isEmpty else {
            throw SettingsError(key: "parley.llm.model", rule: "is required with parley.llm.baseUrl: the model name the endpoint serves")
        }
        let timeout = try Self.seconds(reader, "parley.llm.timeoutSeconds", default: 15, range: 1...300)
        let budget = try Self.seconds(reader, "parley.llm.budgetSeconds", default: 20, range: 1...300)
        guard budget < leaseSeconds else {
            throw SettingsError(
                key: "parley.llm.budgetSeconds",
                rule: "must be less than parley.jobs.leaseSeconds (\(leaseSeconds)), so no other worker takes a turn over while the model thinks"
            )
        }
        self.init(
            baseURL: baseURL, model: model, apiKey: reader.string(forKey: "parley.llm.apiKey", isSecret: true),
            requestTimeout: .seconds(timeout), turnBudget: .seconds(budget)
        )
    }

    private static func seconds(_ reader: ConfigReader, _ key: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = reader.string(forKey: ConfigKey(key)) else { return value }
        guard let seconds = Int(text), range.contains(seconds) else {
            throw SettingsError(key: key, rule: "must be a number of seconds from \(range.lowerBound) to \(range.upperBound)")
        }
        return seconds
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
