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
            let full = try await server.request(.get, path, headers: [.cookie: session]).body
            let candidateLine = try #require(full.firstMatch(of: /<li class="CANDIDATE"><span class="meta">([^<]*)<\/span>/)).1
            #expect(!candidateLine.contains("ONGOING"), "a candidate's message shows no delivery status, not the conversation's")

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

extension DashboardCampaignPageTests {
    /// A `multipart/form-data` body with the CSRF field and one CSV file.
    private func upload(_ server: TestServer, campaign: String, session: String, csrf: String, csv: String) async throws -> TestHTTPResponse {
        let boundary = "parleyBoundary42"
        let body =
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\(csrf)\r\n"
            + "--\(boundary)\r\nContent-Disposition: form-data; name=\"candidates\"; filename=\"people.csv\"\r\nContent-Type: text/csv\r\n\r\n"
            + csv + "\r\n--\(boundary)--\r\n"
        return try await server.request(
            .post, "/campaign/outbound/\(campaign)/upload", json: body,
            headers: [.contentType: "multipart/form-data; boundary=\(boundary)", .cookie: session])
    }

    @Test("a CSV upload starts a conversation per good candidate and lists each refused one with its rule", arguments: TestDatabase.available)
    func csvUpload(kind: TestDatabase) async throws {
        try await TestServer.run(on: kind) { server in
            let org = try await server.createOrganization()
            let session = try await DashboardSteps.signedIn(server, org)
            let campaign = try #require(try await server.request(.post, "/v1/campaigns", as: org, json: CampaignBodies.body()).json["id"] as? String)
            let page = try await server.request(.get, "/campaign/outbound/\(campaign)", headers: [.cookie: session])
            let csrf = try DashboardSteps.csrf(in: page.body)

            #expect(try await upload(server, campaign: campaign, session: session, csrf: "forged", csv: "firstName\nAda").status == 403)
            let broken = try await upload(server, campaign: campaign, session: session, csrf: csrf, csv: "firstName,phone\nAda,+14155551234")
            #expect(broken.status == 400 && broken.body.contains("unknown column &quot;phone&quot; on line 1"), "\(broken.body)")

            let csv = "firstName,lastName,phoneNumber\nAda,Lovelace,+14155551234\nGrace,Hopper,+14155559876\nAlan,Turing,\nEdsger,Dijkstra,12\n"
            let done = try await upload(server, campaign: campaign, session: session, csrf: csrf, csv: csv)
            #expect(done.status == 400, "a refused candidate is an error to show")
            #expect(done.body.contains("Started 2 conversations; 2 refused:"), "\(done.body)")
            #expect(done.body.contains("Candidate 3: phoneNumber: is required for SMS campaigns"), "\(done.body)")
            #expect(done.body.components(separatedBy: "<li>Candidate ").count == 3, "each refused candidate is listed once")
            let listed = try await server.request(.get, "/v1/conversations?campaignId=\(campaign)", as: org).json["data"] as? [[String: Any]] ?? []
            #expect(Set(listed.compactMap { $0["participantFirstName"] as? String }) == ["Ada", "Grace"])
        }
    }

    @Test("the campaign form removes a question in place and shows the API's rules beside the fields")
    func campaignForm() async throws {
        try await TestServer.run(on: .sqlite) { server in
            let org = try await server.createOrganization()
            let session = try await DashboardSteps.signedIn(server, org)
            let form = try await server.request(.get, "/campaigns/new", headers: [.cookie: session])
            let csrf = try DashboardSteps.csrf(in: form.body)
            let removed = try await DashboardSteps.post(
                server, "/campaigns/new", session: session,
                fields: [
                    ("csrf", csrf), ("questionRows", "3"), ("questions[0].content", "First?"), ("questions[1].content", "Second?"),
                    ("questions[2].content", "Third?"), ("action", "remove-question-1"),
                ])
            #expect(removed.status == 200)
            #expect(removed.body.contains("value=\"First?\"") && removed.body.contains("value=\"Third?\"") && !removed.body.contains("Second?"))
            #expect(removed.body.contains("name=\"questionRows\" value=\"2\""))

            let refused = try await DashboardSteps.post(
                server, "/campaigns/new", session: session,
                fields: [
                    ("csrf", csrf), ("questionRows", "1"), ("campaignType", "NEW_CANDIDATE_OUTREACH"), ("channel", "SMS"),
                    ("campaignTitle", "Barista"),
                    ("campaignDescription", "Coffee"), ("closingMethod", "PHONE_NUMBER"), ("closingMessage", "Thanks"), ("rejectionMessage", "Sorry"),
                    ("maxNudges", "two"), ("questions[0].content", "Weekends?"), ("questions[0].questionType", "NUMBER"),
                    ("questions[0].idealAnswer", "YES"),
                ])
            #expect(refused.status == 400)
            #expect(refused.body.contains("id=\"maxNudges-error\">must be a whole number</p>"), "\(refused.body)")
            #expect(refused.body.contains("aria-invalid=\"true\" aria-describedby=\"maxNudges-error\""))
            #expect((try await server.request(.get, "/v1/campaigns", as: org).json["data"] as? [Any])?.isEmpty == true, "nothing was created")

            let fixed = try await DashboardSteps.post(
                server, "/campaigns/new", session: session,
                fields: [
                    ("csrf", csrf), ("questionRows", "1"), ("campaignType", "NEW_CANDIDATE_OUTREACH"), ("channel", "SMS"),
                    ("campaignTitle", "Barista"),
                    ("campaignDescription", "Coffee"), ("closingMethod", "PHONE_NUMBER"), ("closingMessage", "Thanks"), ("rejectionMessage", "Sorry"),
                    ("questions[0].content", "Weekends?"), ("questions[0].questionType", "NUMBER"), ("questions[0].idealAnswer", "YES"),
                ])
            #expect(fixed.status == 400)
            #expect(fixed.body.contains("id=\"contactNumber-error\">is required when closingMethod is PHONE_NUMBER</p>"), "\(fixed.body)")
            #expect(fixed.body.contains("idealAnswer: is only allowed for YES_NO and MULTIPLE_CHOICE questions, not NUMBER"), "\(fixed.body)")

            let created = try await DashboardSteps.post(
                server, "/campaigns/new", session: session,
                fields: [
                    ("csrf", csrf), ("questionRows", "1"), ("campaignType", "NEW_CANDIDATE_OUTREACH"), ("channel", "SMS"),
                    ("campaignTitle", "Barista"),
                    ("campaignDescription", "Coffee"), ("closingMethod", "PHONE_NUMBER"), ("contactNumber", "+14155551234"),
                    ("closingMessage", "Thanks"), ("rejectionMessage", "Sorry"), ("agentKind", "BUILT_IN"), ("emailChannelFallbackEnabled", "true"),
                    ("maxNudges", "1"), ("questions[0].content", "Years behind a bar?"), ("questions[0].questionType", "NUMBER"),
                    ("questions[0].minimum", "2"),
                ])
            #expect(created.status == 303, "\(created.body)")
            let campaign = try #require((try await server.request(.get, "/v1/campaigns", as: org).json["data"] as? [[String: Any]])?.first)
            #expect(campaign["agentKind"] as? String == "BUILT_IN" && campaign["emailChannelFallbackEnabled"] as? Bool == true)
            #expect(campaign["maxNudges"] as? Int == 1 && campaign["contactNumber"] as? String == "+14155551234")
            #expect((campaign["questions"] as? [[String: Any]])?.first?["minimum"] as? Double == 2)
        }
    }
}
