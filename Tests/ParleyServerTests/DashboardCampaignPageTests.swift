import Foundation
import HTTPTypes
import ParleyTesting
import Testing

/// `/campaign/outbound/{campaignId}` over real HTTP: the conversation list, a transcript that shows a candidate's
/// new reply through its polled fragment, taking over and sending as recruiter, handing back, and another
/// organization's pages answering 404.
@Suite("Dashboard campaign page")
struct DashboardCampaignPageTests {
    @Test("read a transcript, see a reply arrive, take over, send as recruiter, hand back", arguments: TestDatabase.available)
    func conversationControls(kind: TestDatabase) async throws {
        try await TestServer.run(on: kind) { server in
            let org = try await server.createOrganization()
            let session = try await DashboardSteps.signedIn(server, org)
            let campaign = try #require(try await server.request(.post, "/v1/campaigns", as: org, json: CampaignBodies.body()).json["id"] as? String)
            let id = try #require(try await start(server, org, campaign: campaign)["id"] as? String)
            _ = try await conversation(server, org, id) { $0["status"] as? String == "ONGOING" }

            let list = try await server.request(.get, "/campaign/outbound/\(campaign)", headers: [.cookie: session])
            #expect(list.status == 200 && list.body.contains("?conversationId=\(id)\">Ada</a>"), "\(list.body)")
            let path = "/campaign/outbound/\(campaign)?conversationId=\(id)"
            let page = try await server.request(.get, path, headers: [.cookie: session])
            #expect(page.body.contains("Can you work weekends?"))
            let nonce = String(try #require(page.body.firstMatch(of: /<script nonce="([^"]+)">/)).1)
            #expect(page.headers[.contentSecurityPolicy]?.contains("script-src 'nonce-\(nonce)'") == true)

            // The page polls this fragment: the candidate's reply shows up there without reloading the page.
            let fragment = "/campaign/outbound/\(campaign)/conversations/\(id)/transcript"
            #expect(try await reply(server, org, "Can I bring my dog <b>Rex</b>?") == 202)
            _ = try await agentMessageCount(3, server, org, id)
            let polled = try await server.request(.get, fragment, headers: [.cookie: session])
            #expect(polled.body.contains("Can I bring my dog &lt;b&gt;Rex&lt;/b&gt;?"), "candidate text is escaped: \(polled.body)")
            #expect(!polled.body.contains("nil"), "nothing missing is shown as nil")

            let csrf = try DashboardSteps.csrf(in: page.body)
            let base = "/campaign/outbound/\(campaign)/conversations/\(id)"
            #expect(try await DashboardSteps.post(server, "\(base)/take-over", session: session, fields: [("csrf", "forged")]).status == 403)
            let taken = try await DashboardSteps.post(server, "\(base)/take-over", session: session, fields: [("csrf", csrf)])
            #expect(taken.status == 303 && taken.headers[.location] == path)
            #expect(try await server.request(.get, "/v1/conversations/\(id)", as: org).json["isHumanTakeover"] as? Bool == true)

            let empty = try await DashboardSteps.post(server, "\(base)/messages", session: session, fields: [("csrf", csrf), ("content", " ")])
            #expect(empty.status == 400 && empty.body.contains("content: must not be empty"), "\(empty.body)")
            let sent = try await DashboardSteps.post(
                server, "\(base)/messages", session: session, fields: [("csrf", csrf), ("content", "Of course, Rex is welcome!")])
            #expect(sent.status == 303)
            let transcript = try await server.request(.get, fragment, headers: [.cookie: session]).body
            #expect(transcript.contains("Recruiter") && transcript.contains("Of course, Rex is welcome!"))

            #expect(try await DashboardSteps.post(server, "\(base)/hand-back", session: session, fields: [("csrf", csrf)]).status == 303)
            #expect(try await server.request(.get, "/v1/conversations/\(id)", as: org).json["isHumanTakeover"] as? Bool == false)

            // Another organization's user sees none of it.
            let other = try await server.createOrganization(name: "Other")
            let stranger = try await DashboardSteps.signedIn(server, other, email: "kim@other.example")
            #expect(try await server.request(.get, path, headers: [.cookie: stranger]).status == 404)
            #expect(try await server.request(.get, fragment, headers: [.cookie: stranger]).status == 404)
            let strangerCSRF = try DashboardSteps.csrf(in: try await server.request(.get, "/campaigns", headers: [.cookie: stranger]).body)
            #expect(try await DashboardSteps.post(server, "\(base)/take-over", session: stranger, fields: [("csrf", strangerCSRF)]).status == 404)
            #expect(try await server.request(.get, "/v1/conversations/\(id)", as: org).json["isHumanTakeover"] as? Bool == false)
        }
    }
}
