import Foundation
import HTTPTypes
import ParleyCore
import ParleyServer
import ParleyTesting
import Testing

/// Fields outside a route's documented request body (ids, owners, timestamps, states the server decides) are never
/// written, however a client sends them.
@Suite("Mass assignment")
struct MassAssignmentTests {
    private static let forgedID = "00000000-0000-4000-8000-000000000001"
    private static let forgedTime = "2001-01-01T00:00:00.000Z"

    /// `json` with `extra` fields added at its top level.
    private static func adding(_ extra: String, to json: String) -> String {
        String(json.dropLast()) + "," + extra + "}"
    }

    @Test("create and update bodies cannot set ids, the organization, timestamps or server-decided state", arguments: TestDatabase.available)
    func serverDecidedFields(_ kind: TestDatabase) async throws {
        try await TestServer.run(on: kind, configure: { $0.allowPrivateWebhookTargets = true }) { server in
            let org = try await server.createOrganization()
            let other = try await server.createOrganization(name: "Other")
            let forged =
                #""id":"\#(Self.forgedID)","organizationId":"\#(other.id)","createdAt":"\#(Self.forgedTime)","updatedAt":"\#(Self.forgedTime)""#

            let created = try await server.request(
                .post, "/v1/campaigns", as: org, json: Self.adding(forged + #","needsReview":true"#, to: CampaignBodies.valid))
            #expect(created.status == 201, "\(created.body)")
            let campaign = try #require(created.json["id"] as? String)
            #expect(campaign != Self.forgedID)
            #expect(created.json["organizationId"] as? String == org.id.uuidString)
            #expect(created.json["createdAt"] as? String != Self.forgedTime)
            #expect(created.json["needsReview"] as? Bool == false)
            #expect(try await server.request(.get, "/v1/campaigns/\(campaign)", as: other).status == 404)

            let patched = try await server.request(.patch, "/v1/campaigns/\(campaign)", as: org, json: "{\(forged)}")
            #expect(patched.status == 200 || patched.status == 400, "\(patched.body)")
            let reread = try await server.request(.get, "/v1/campaigns/\(campaign)", as: org)
            #expect(reread.json["id"] as? String == campaign && reread.json["organizationId"] as? String == org.id.uuidString)
            #expect(reread.json["createdAt"] as? String == created.json["createdAt"] as? String)

            let start = #"{"campaignId":"\#(campaign)","firstName":"Ada","phoneNumber":"+14155551234"}"#
            let serverState =
                #","status":"COMPLETED_SCREENING_PASSED","isHumanTakeover":true,"needsReview":true,"screeningQuestionsOutcome":[{"questionOutcome":"PASSED"}]"#
            let conversation = try await server.request(.post, "/v1/conversations", as: org, json: Self.adding(forged + serverState, to: start))
            #expect(conversation.status == 201, "\(conversation.body)")
            #expect(conversation.json["id"] as? String != Self.forgedID)
            #expect(conversation.json["organizationId"] as? String == org.id.uuidString)
            #expect(conversation.json["status"] as? String == "CREATED" || conversation.json["status"] as? String == "ONGOING")
            #expect(conversation.json["isHumanTakeover"] as? Bool == false)
            #expect(conversation.json["needsReview"] as? Bool == false)
            #expect((conversation.json["screeningQuestionsOutcome"] as? [Any])?.isEmpty ?? true)

            let hook = try await server.request(
                .post, "/v1/webhooks", as: org,
                json:
                    #"{"url":"http://127.0.0.1:9/hooks","events":["CONVERSATION_COMPLETED"],"secret":"whsec_chosen_by_the_client","\#(forged.dropFirst())}"#
            )
            #expect(hook.status == 201 || hook.status == 400, "\(hook.body)")
            if hook.status == 201 {
                #expect(hook.json["id"] as? String != Self.forgedID)
                #expect(!hook.body.contains("whsec_chosen_by_the_client"))
                #expect(hook.json["organizationId"] as? String ?? org.id.uuidString == org.id.uuidString)
            }
        }
    }
}
