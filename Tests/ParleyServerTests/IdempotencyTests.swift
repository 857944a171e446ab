import Foundation
import HTTPTypes
import ParleyCore
import ParleyTesting
import Testing

@Suite("Idempotency-Key on POST")
struct IdempotencyTests {
    private static func key(_ value: String) -> HTTPFields { [HTTPField.Name("Idempotency-Key")!: value] }

    private func campaignCount(_ server: TestServer, _ org: TestOrganization) async throws -> Int {
        (try await server.request(.get, "/v1/campaigns?limit=100", as: org).json["data"] as? [Any])?.count ?? -1
    }

    @Test("the same key and body answers the first response again; another body is 422; nothing is created twice", arguments: TestDatabase.available)
    func replayAndMismatch(_ kind: TestDatabase) async throws {
        try await TestServer.run(on: kind) { server in
            let org = try await server.createOrganization()
            let first = try await server.request(.post, "/v1/campaigns", as: org, json: CampaignBodies.valid, headers: Self.key("create-1"))
            #expect(first.status == 201)
            #expect(first.headers[HTTPField.Name("Idempotent-Replayed")!] == nil)

            let again = try await server.request(.post, "/v1/campaigns", as: org, json: CampaignBodies.valid, headers: Self.key("create-1"))
            #expect(again.status == 201)
            #expect(again.body == first.body)
            #expect(again.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            #expect(again.headers[.contentType]?.hasPrefix("application/json") == true)

            let other = try await server.request(
                .post, "/v1/campaigns", as: org, json: CampaignBodies.body(["company": #""Other""#]), headers: Self.key("create-1"))
            #expect(other.status == 422)
            #expect(other.error?.hasPrefix("Idempotency-Key: ") == true, "\(other.body)")
            #expect(try await campaignCount(server, org) == 1)

            // Another key, or none, is another request; another organization's same key is its own.
            #expect(
                try await server.request(.post, "/v1/campaigns", as: org, json: CampaignBodies.valid, headers: Self.key("create-2")).status == 201)
            #expect(try await server.request(.post, "/v1/campaigns", as: org, json: CampaignBodies.valid).status == 201)
            #expect(try await campaignCount(server, org) == 3)
            let stranger = try await server.createOrganization(name: "Stranger")
            let theirs = try await server.request(.post, "/v1/campaigns", as: stranger, json: CampaignBodies.valid, headers: Self.key("create-1"))
            #expect(theirs.status == 201 && theirs.body != first.body)
        }
    }

    @Test("a refused request is replayed as refused; a bad key is a 400 that changes nothing", arguments: TestDatabase.available)
    func refusalsAndBadKeys(_ kind: TestDatabase) async throws {
        try await TestServer.run(on: kind) { server in
            let org = try await server.createOrganization()
            let refused = try await server.request(.post, "/v1/campaigns", as: org, json: "{}", headers: Self.key("bad-body"))
            #expect(refused.status == 400)
            let replayed = try await server.request(.post, "/v1/campaigns", as: org, json: "{}", headers: Self.key("bad-body"))
            #expect(replayed.status == 400 && replayed.body == refused.body)

            for bad in [String(repeating: "k", count: 256), "has space", "ünïcode"] {
                let response = try await server.request(.post, "/v1/campaigns", as: org, json: CampaignBodies.valid, headers: Self.key(bad))
                #expect(response.status == 400)
                #expect(response.error == "Idempotency-Key: must be 1 to 255 visible ASCII characters, such as a UUID")
            }
            #expect(try await campaignCount(server, org) == 0)
        }
    }

    @Test("concurrent requests with one key make one campaign: the rest are 409 or the same answer", arguments: TestDatabase.available)
    func concurrentDuplicates(_ kind: TestDatabase) async throws {
        try await TestServer.run(on: kind) { server in
            let org = try await server.createOrganization()
            let responses = try await withThrowingTaskGroup(of: TestHTTPResponse.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        try await server.request(.post, "/v1/campaigns", as: org, json: CampaignBodies.valid, headers: Self.key("race"))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let created = responses.filter { $0.status == 201 }
            #expect(!created.isEmpty)
            #expect(Set(created.map(\.body)).count == 1, "every 201 is the one campaign")
            for conflict in responses where conflict.status != 201 {
                #expect(conflict.status == 409, "\(conflict.body)")
                #expect(conflict.error?.hasPrefix("Idempotency-Key: ") == true)
            }
            #expect(try await campaignCount(server, org) == 1)
        }
    }

    @Test("a retried conversation start sends the opening once", arguments: TestDatabase.available)
    func conversationStartedOnce(_ kind: TestDatabase) async throws {
        try await TestServer.run(on: kind) { server in
            let org = try await server.createOrganization()
            let campaign = try #require(try await server.request(.post, "/v1/campaigns", as: org, json: CampaignBodies.valid).json["id"] as? String)
            let body = #"{"campaignId":"\#(campaign)","firstName":"Ada","phoneNumber":"+14155551234"}"#
            let first = try await server.request(.post, "/v1/conversations", as: org, json: body, headers: Self.key("start-ada"))
            let second = try await server.request(.post, "/v1/conversations", as: org, json: body, headers: Self.key("start-ada"))
            #expect(first.status == 201 && second.body == first.body)
            try await server.settle()
            let list = try await server.request(.get, "/v1/conversations?campaignId=\(campaign)", as: org)
            #expect((list.json["data"] as? [Any])?.count == 1)
            let id = try #require(first.json["id"] as? String)
            // The greeting and the first question, once each.
            #expect(try await agentMessages(server, org, id).count == 2)
        }
    }

    @Test("a key is remembered for 24 hours, then may be used again")
    func keysExpire() async throws {
        let clock = ManualClock()
        try await TestServer.run(on: .sqlite, clock: clock.wallClock) { server in
            let org = try await server.createOrganization()
            let first = try await server.request(.post, "/v1/campaigns", as: org, json: CampaignBodies.valid, headers: Self.key("daily"))
            clock.advance(by: 24 * 3600 - 1)
            #expect(
                try await server.request(.post, "/v1/campaigns", as: org, json: CampaignBodies.valid, headers: Self.key("daily")).body == first.body)
            clock.advance(by: 1)
            let later = try await server.request(.post, "/v1/campaigns", as: org, json: CampaignBodies.valid, headers: Self.key("daily"))
            #expect(later.status == 201 && later.body != first.body)
            #expect(try await campaignCount(server, org) == 2)
        }
    }
}
