import Foundation
import HTTPTypes
import ParleyCore
import ParleyStore
import ParleyTesting
import Testing

@Suite("Authentication and tenancy")
struct AuthenticationTests {
    @Test("every way of failing authentication answers the same 401", arguments: TestDatabase.available)
    func sameAnswerForEveryFailure(_ kind: TestDatabase) async throws {
        try await TestServer.run(on: kind) { server in
            let acme = try await server.createOrganization(name: "Acme")
            let globex = try await server.createOrganization(name: "Globex")
            var random = SystemRandomNumberGenerator()
            let keys = APIKeyRepository(database: server.database)
            let revoked = try #require(
                try await keys.create(organizationID: acme.id, name: "old", expiresInDays: nil, ids: .random, at: .now, random: &random)
            )
            _ = try await keys.revoke(organizationID: acme.id, prefix: revoked.key.prefix, at: .now)
            let expired = try #require(
                try await keys.create(
                    organizationID: acme.id, name: "short", expiresInDays: 1, ids: .random, at: .now.addingTimeInterval(-2 * 86_400), random: &random)
            )

            let attempts: [(String, [String: String])] = [
                ("no headers", [:]),
                ("no organization", ["x-api-key": acme.apiKey]),
                ("no key", ["x-organization-id": acme.id.uuidString]),
                ("unknown key", ["x-api-key": "prly_12345678_" + String(repeating: "A", count: 43), "x-organization-id": acme.id.uuidString]),
                ("malformed key", ["x-api-key": "hunter2", "x-organization-id": acme.id.uuidString]),
                ("organization not a UUID", ["x-api-key": acme.apiKey, "x-organization-id": "acme"]),
                ("another organization's key", ["x-api-key": globex.apiKey, "x-organization-id": acme.id.uuidString]),
                ("revoked key", ["x-api-key": revoked.secret, "x-organization-id": acme.id.uuidString]),
                ("expired key", ["x-api-key": expired.secret, "x-organization-id": acme.id.uuidString]),
            ]
            var bodies: Set<String> = []
            for (name, headers) in attempts {
                var fields = HTTPFields()
                for (key, value) in headers { fields[HTTPField.Name(key)!] = value }
                let response = try await server.request(.get, "/v1/campaigns", headers: fields)
                #expect(response.status == 401, "\(name)")
                bodies.insert(response.body)
            }
            #expect(bodies.count == 1, "one body for every case: \(bodies)")
            #expect(try await server.request(.get, "/v1/campaigns", as: acme).status == 200)
        }
    }

    @Test("another organization's campaign is 404 for read, update and stop, and stays unchanged", arguments: TestDatabase.available)
    func otherOrganizationsCampaign(_ kind: TestDatabase) async throws {
        try await TestServer.run(on: kind) { server in
            let acme = try await server.createOrganization(name: "Acme")
            let globex = try await server.createOrganization(name: "Globex")
            let created = try await server.request(.post, "/v1/campaigns", as: acme, json: CampaignBodies.valid)
            let id = try #require(created.json["id"] as? String)

            #expect(try await server.request(.get, "/v1/campaigns/\(id)", as: globex).status == 404)
            #expect(try await server.request(.patch, "/v1/campaigns/\(id)", as: globex, json: #"{"campaignTitle":"Mine now"}"#).status == 404)
            #expect(try await server.request(.post, "/v1/campaigns/\(id)/stop", as: globex).status == 404)
            let list = try await server.request(.get, "/v1/campaigns", as: globex)
            #expect((list.json["data"] as? [Any])?.isEmpty == true)

            let mine = try await server.request(.get, "/v1/campaigns/\(id)", as: acme)
            #expect(mine.json["campaignTitle"] as? String == "Barista")
            #expect(mine.json["campaignStatus"] as? String == "LIVE")
        }
    }
}
