import Foundation
import HTTPTypes
import ParleyCore
import ParleyTesting
import Testing

@Suite("Updating and stopping campaigns")
struct CampaignUpdateTests {
    private func createCampaign(_ server: TestServer, _ org: TestOrganization, status: String = "LIVE") async throws -> String {
        let response = try await server.request(.post, "/v1/campaigns", as: org, json: CampaignBodies.body(["campaignStatus": "\"\(status)\""]))
        return try #require(response.json["id"] as? String)
    }

    @Test("PATCH changes what is sent, keeps the rest, and activates a DRAFT", arguments: TestDatabase.available)
    func patch(_ kind: TestDatabase) async throws {
        try await TestServer.run(on: kind) { server in
            let org = try await server.createOrganization()
            let id = try await createCampaign(server, org, status: "DRAFT")
            let response = try await server.request(
                .patch, "/v1/campaigns/\(id)", as: org,
                json: #"{"campaignStatus":"LIVE","campaignTitle":"Head Barista","agentTone":"PROFESSIONAL"}"#
            )
            #expect(response.status == 200)
            #expect(response.json["campaignStatus"] as? String == "LIVE")
            #expect(response.json["campaignTitle"] as? String == "Head Barista")
            #expect(response.json["meetingUrl"] as? String == "https://cal.example.com/acme/intro")
            #expect((response.json["agent"] as? [String: Any])?["agentTone"] as? String == "PROFESSIONAL")
            let fetched = try await server.request(.get, "/v1/campaigns/\(id)", as: org)
            #expect(fetched.body == response.body)
        }
    }

    @Test(
        "refused updates answer 400 and change nothing",
        arguments: [
            ("{}", "body: must contain at least one field to update"),
            (#"{"questions":[{"content":"New?"}]}"#, "questions: cannot be changed after the campaign is created"),
            (#"{"channel":"EMAIL"}"#, "channel: cannot be changed after the campaign is created"),
            (#"{"campaignStatus":"DRAFT"}"#, "campaignStatus: a LIVE campaign cannot become DRAFT"),
            (#"{"closingMethod":"PHONE_NUMBER"}"#, "contactNumber: is required when closingMethod is PHONE_NUMBER"),
            (#"{"meetingUrl":"not a url"}"#, "meetingUrl: must be an absolute http or https URL"),
            (#"{"campaignStatus":"PAUSED"}"#, "campaignStatus: must be one of DRAFT, LIVE, ARCHIVED"),
        ]
    )
    func refusedUpdates(body: String, error: String) async throws {
        try await TestServer.run(on: .sqlite) { server in
            let org = try await server.createOrganization()
            let id = try await createCampaign(server, org)
            let before = try await server.request(.get, "/v1/campaigns/\(id)", as: org)
            let response = try await server.request(.patch, "/v1/campaigns/\(id)", as: org, json: body)
            #expect(response.status == 400)
            #expect(response.error == error)
            let after = try await server.request(.get, "/v1/campaigns/\(id)", as: org)
            #expect(after.body == before.body)
        }
    }

    @Test("stop archives with or without a body, is safe to repeat, and an archived campaign is final", arguments: TestDatabase.available)
    func stop(_ kind: TestDatabase) async throws {
        try await TestServer.run(on: kind) { server in
            let org = try await server.createOrganization()
            let first = try await createCampaign(server, org)
            let stopped = try await server.request(.post, "/v1/campaigns/\(first)/stop", as: org)
            #expect(stopped.status == 200)
            #expect(stopped.json["campaignStatus"] as? String == "ARCHIVED")
            let again = try await server.request(
                .post, "/v1/campaigns/\(first)/stop", as: org, json: #"{"cancellationMessage":"The role is filled."}"#)
            #expect(again.status == 200)
            #expect(again.body == stopped.body)

            let revive = try await server.request(.patch, "/v1/campaigns/\(first)", as: org, json: #"{"campaignStatus":"LIVE"}"#)
            #expect(revive.status == 400)
            #expect(revive.error == "campaignStatus: the campaign is ARCHIVED, which is final: it can no longer be changed")

            let second = try await createCampaign(server, org)
            let archived = try await server.request(.patch, "/v1/campaigns/\(second)", as: org, json: #"{"campaignStatus":"ARCHIVED"}"#)
            #expect(archived.json["campaignStatus"] as? String == "ARCHIVED")
            let archivedList = try await server.request(.get, "/v1/campaigns?campaignStatus=ARCHIVED", as: org)
            #expect((archivedList.json["data"] as? [Any])?.count == 2)
        }
    }

    @Test("an over-long cancellation message is refused and the campaign stays LIVE")
    func badCancellationMessage() async throws {
        try await TestServer.run(on: .sqlite) { server in
            let org = try await server.createOrganization()
            let id = try await createCampaign(server, org)
            let body = "{\"cancellationMessage\":\"\(String(repeating: "x", count: 1_601))\"}"
            let response = try await server.request(.post, "/v1/campaigns/\(id)/stop", as: org, json: body)
            #expect(response.error == "cancellationMessage: must be at most 1600 characters")
            #expect(try await server.request(.get, "/v1/campaigns/\(id)", as: org).json["campaignStatus"] as? String == "LIVE")
        }
    }

    @Test("a campaign id that is not a UUID answers 400, an unknown one 404")
    func campaignIDs() async throws {
        try await TestServer.run(on: .sqlite) { server in
            let org = try await server.createOrganization()
            let bad = try await server.request(.get, "/v1/campaigns/abc", as: org)
            #expect(bad.status == 400)
            #expect(bad.error == "campaignId: must be a UUID")
            let unknown = try await server.request(.get, "/v1/campaigns/\(UUID().uuidString)", as: org)
            #expect(unknown.status == 404)
            #expect(unknown.error == "campaignId: not found")
        }
    }
}
