import Foundation
import HTTPTypes
import ParleyTesting
import Testing

@Suite("Bulk create")
struct BulkCreateTests {
    @Test(
        "one bulk call applies the one-at-a-time rules: opted-out contacts are refused, busy ones queue, repeats are refused",
        arguments: TestDatabase.available)
    func rulesInOneCall(_ kind: TestDatabase) async throws {
        try await TestServer.run(on: kind) { server in
            let org = try await server.createOrganization()
            let first = try #require(try await server.request(.post, "/v1/campaigns", as: org, json: CampaignBodies.valid).json["id"] as? String)
            let second = try #require(try await server.request(.post, "/v1/campaigns", as: org, json: CampaignBodies.valid).json["id"] as? String)
            let busy = try #require(try await start(server, org, campaign: first, phone: "+14155550001")["id"] as? String)
            let leaving = try #require(try await start(server, org, campaign: first, phone: "+14155550002")["id"] as? String)
            _ = try await agentMessageCount(2, server, org, leaving)
            #expect(try await reply(server, org, "STOP", from: "+14155550002") == 202)
            _ = try await conversation(server, org, leaving) { $0["status"] as? String == "OPTED_OUT" }

            let body = #"""
                {"campaignId":"\#(second)","contacts":[
                  {"firstName":"Ada","phoneNumber":"+14155550001"},
                  {"firstName":"Bo","phoneNumber":"+14155550002"},
                  {"firstName":"Cy","phoneNumber":"+14155550003"},
                  {"firstName":"Cy again","phoneNumber":"+14155550003"}
                ]}
                """#
            let response = try await server.request(.post, "/v1/conversations/bulk", as: org, json: body)
            #expect(response.status == 200, "\(response.body)")
            let errors = response.json["errors"] as? [[String: Any]] ?? []
            #expect(errors.map { $0["index"] as? Int } == [1, 3])
            #expect((errors.first?["error"] as? String)?.hasPrefix("phoneNumber: opted out of SMS messages") == true)
            #expect((errors.last?["error"] as? String)?.hasPrefix("phoneNumber: already has active conversation") == true, "the one before")
            let data = response.json["data"] as? [[String: Any]] ?? []
            #expect(data.map { $0["participantFirstName"] as? String } == ["Ada", "Cy"])
            #expect(data.map { $0["status"] as? String } == ["QUEUED", "CREATED"], "busy in another campaign, free")
            try await server.settle()
            #expect(try await agentMessages(server, org, busy).count == 2)
            let cy = try #require(data[1]["id"] as? String)
            #expect(try await agentMessages(server, org, cy).count == 2, "the free contact's opening went out")
        }
    }
}
