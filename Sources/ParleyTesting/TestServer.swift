import Foundation
package import HTTPTypes
import Hummingbird
package import HummingbirdTesting
import Logging
import NIOCore
package import ParleyCore
package import ParleyServer
package import ParleyStore
import SQLKit

/// A Parley server on loopback over a fresh database, for end-to-end tests over real HTTP.
package struct TestServer: Sendable {
    /// The HTTP client connected to the server.
    package let client: any TestClientProtocol
    /// The server's database, opened separately, for arranging data and checking what was written.
    package let database: Database
    /// The clock the server reads.
    package let clock: WallClock

    /// Runs `body` against a fresh server on `kind`.
    ///
    /// - Parameters:
    ///   - jobHandlers: Handlers for background jobs.
    ///   - jobPollInterval: How often the worker looks for jobs queued by others, such as the test's own database.
    package static func run<T: Sendable>(
        on kind: TestDatabase,
        clock: WallClock = .system,
        model: ModelSettings? = nil,
        configure: @Sendable (inout Settings) -> Void = { _ in },
        jobHandlers: [String: JobWorker.Handler] = [:],
        jobPollInterval: Duration = .milliseconds(20),
        _ body: @Sendable (TestServer) async throws -> T
    ) async throws -> T {
        try await kind.withFreshLocation { location in
            var settings = Settings(host: "127.0.0.1", port: 0, database: location.url, model: model)
            // Tests fire requests faster than any client would; the rate limit's own tests turn it back on.
            settings.rateLimitPerKey = nil
            settings.rateLimitPerOrganization = nil
            configure(&settings)
            let app = try await buildApplication(
                settings, logger: .quiet, clock: clock, searchPath: location.searchPath, createDemoOrganization: false,
                jobHandlers: jobHandlers, jobPollInterval: jobPollInterval, webhookJitter: { 0.5 }
            )
            return try await app.test(.live) { client in
                try await location.withDatabase { database in
                    try await body(TestServer(client: client, database: database, clock: clock))
                }
            }
        }
    }

    /// Waits (up to thirty seconds, for a loaded machine) until the server's worker has no job due or running left,
    /// so a test can check what background work did, or did not do. Jobs scheduled after the server clock's now are
    /// not waited for.
    package func settle() async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            // One statement, so one snapshot: asked in two, a job could finish after the first look and queue its
            // follow-up, which nobody has claimed by the second, and the queue would look idle while it is not.
            let now = clock.now().millisecondsSince1970
            let busy = try await database.read { sql in
                try await sql.select().column("id").from("jobs")
                    .where { $0.where("status", .equal, SQLBind(Job.Status.running.rawValue)) }
                    .orWhere { $0.where("status", .equal, SQLBind(Job.Status.pending.rawValue)).where("run_at", .lessThanOrEqual, SQLBind(now)) }
                    .limit(1).first()
            }
            if busy == nil { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw SettleTimeout()
    }

    private struct SettleTimeout: Error {}

    /// A new organization and its API key.
    package func createOrganization(name: String = "Acme Recruiting") async throws -> TestOrganization {
        var random = SystemRandomNumberGenerator()
        let provisioned = try await OrganizationRepository(database: database).create(
            name: name, ids: .random, at: WallClock.system.now(), random: &random
        )
        return TestOrganization(id: provisioned.organization.id, apiKey: provisioned.apiKey)
    }

    /// Sends a request, as `organization` when given, with a JSON body when given.
    package func request(
        _ method: HTTPRequest.Method,
        _ path: String,
        as organization: TestOrganization? = nil,
        json: String? = nil,
        headers extra: HTTPFields = [:]
    ) async throws -> TestHTTPResponse {
        var headers = extra
        if let organization {
            headers[HTTPField.Name("x-api-key")!] = organization.apiKey
            headers[HTTPField.Name("x-organization-id")!] = organization.id.uuidString
        }
        if json != nil, headers[.contentType] == nil { headers[.contentType] = "application/json" }
        return try await client.execute(uri: path, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) }) { response in
            TestHTTPResponse(status: response.status.code, headers: response.headers, body: String(buffer: response.body))
        }
    }
}

/// An organization made for a test, with a working API key.
package struct TestOrganization: Sendable {
    package var id: Organization.ID
    package var apiKey: String

    /// The organization `id`, calling with `apiKey`.
    package init(id: Organization.ID, apiKey: String) {
        self.id = id
        self.apiKey = apiKey
    }
}

/// A response as a test sees it.
package struct TestHTTPResponse: Sendable {
    package var status: Int
    package var headers: HTTPFields
    package var body: String

    /// The body parsed as a JSON object; empty when it is not one.
    package var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
    }

    /// The `error` text of an error body.
    package var error: String? { json["error"] as? String }
}
