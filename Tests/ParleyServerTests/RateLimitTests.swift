import Configuration
import Foundation
import HTTPTypes
import ParleyCore
import ParleyServer
import ParleyStore
import ParleyTesting
import Testing

@Suite("Rate limits")
struct RateLimitTests {
    @Test("each key, and each organization's keys together, get their limit; beyond it 429 with Retry-After")
    func keyAndOrganizationLimits() async throws {
        let clock = ManualClock()
        try await TestServer.run(
            on: .sqlite, clock: clock.wallClock,
            configure: {
                $0.rateLimitPerKey = RateLimiter.Limit(perSecond: 0.5, burst: 3)
                $0.rateLimitPerOrganization = RateLimiter.Limit(perSecond: 1, burst: 5)
            }
        ) { server in
            let org = try await server.createOrganization()
            var random = SystemRandomNumberGenerator()
            let second = try #require(
                try await APIKeyRepository(database: server.database).create(
                    organizationID: org.id, name: "ATS", expiresInDays: nil, ids: .random, at: Date(), random: &random))
            let otherKey = TestOrganization(id: org.id, apiKey: second.secret)

            for _ in 0..<3 { #expect(try await server.request(.get, "/v1/campaigns", as: org).status == 200) }
            let limited = try await server.request(.get, "/v1/campaigns", as: org)
            #expect(limited.status == 429)
            #expect(limited.headers[.retryAfter] == "2")
            #expect(limited.error == "x-api-key: this API key may make 0.5 requests a second (bursts of 3); retry after 2 s")

            // The organization's other key has its own bucket, until the organization's is spent.
            for _ in 0..<2 { #expect(try await server.request(.get, "/v1/campaigns", as: otherKey).status == 200) }
            let organizationLimited = try await server.request(.post, "/v1/campaigns", as: otherKey, json: CampaignBodies.valid)
            #expect(organizationLimited.status == 429)
            #expect(organizationLimited.headers[.retryAfter] == "1")
            #expect(organizationLimited.error?.hasPrefix("x-organization-id: this organization's keys together may make 1 requests") == true)
            #expect(try await server.request(.get, "/v1/campaigns", as: org).json["data"] == nil, "still limited: nothing was created")

            // Other organizations, unauthenticated calls and the service endpoints are not counted against it.
            let stranger = try await server.createOrganization(name: "Stranger")
            #expect(try await server.request(.get, "/v1/campaigns", as: stranger).status == 200)
            #expect(try await server.request(.get, "/v1/campaigns").status == 401)
            #expect(try await server.request(.get, "/health").status == 200)

            clock.advance(by: 2)
            #expect(try await server.request(.get, "/v1/campaigns", as: org).status == 200)
            let list = try await server.request(.get, "/v1/campaigns", as: otherKey)
            #expect(list.status == 200)
            #expect((list.json["data"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("the limits are read from the environment; 0 turns one off")
    func settings() throws {
        func read(_ variables: [String: String]) throws -> Settings {
            try Settings(reader: ConfigReader(provider: EnvironmentVariablesProvider(environmentVariables: variables)))
        }
        let settings = try read(["PARLEY_RATE_LIMIT_PER_KEY": "10", "PARLEY_RATE_LIMIT_PER_ORGANIZATION": "0"])
        #expect(settings.rateLimitPerKey == RateLimiter.Limit(perSecond: 10, burst: 40))
        #expect(settings.rateLimitPerOrganization == nil)
        #expect(try read([:]).rateLimitPerKey == RateLimiter.Limit(perSecond: 25))
        #expect(try read([:]).rateLimitPerOrganization == RateLimiter.Limit(perSecond: 100))
        #expect(throws: SettingsError.self) { try read(["PARLEY_RATE_LIMIT_PER_KEY": "fast"]) }
    }
}
