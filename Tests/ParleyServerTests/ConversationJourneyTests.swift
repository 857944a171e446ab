import Foundation
import HTTPTypes
import ParleyCore
import ParleyStore
import ParleyTesting
import Testing

/// Whole conversations through the HTTP API and the Sandbox channel, with the server's own job worker.
@Suite("Conversation journeys")
struct ConversationJourneyTests {
    private static let questions =
        #"[{"content":"Can you work weekends?","isMandatory":true},{"content":"Do you have a food hygiene certificate?"}]"#

    private func campaign(_ server: TestServer, _ org: TestOrganization, title: String = "Barista") async throws -> String {
        let response = try await server.request(
            .post, "/v1/campaigns", as: org,
            json: CampaignBodies.body(["campaignTitle": "\"\(title)\"", "company": #""Acme Coffee""#, "questions": Self.questions])
        )
        return try #require(response.json["id"] as? String, "\(response.body)")
    }

    @Test("a candidate who answers yes to everything passes and gets the meeting link", arguments: TestDatabase.available)
    func passes(_ kind: TestDatabase) async throws {
        try await TestServer.run(on: kind) { server in
            let org = try await server.createOrganization()
            let id = try #require(try await start(server, org, campaign: try await campaign(server, org))["id"] as? String)
            let started = try await conversation(server, org, id) { $0["status"] as? String == "ONGOING" }
            #expect(started["status"] as? String == "ONGOING")
            let opening = try await agentMessageCount(2, server, org, id)
            #expect(opening.first?.contains("Acme Coffee") == true)
            #expect(opening.last == "Can you work weekends?")

            #expect(try await reply(server, org, "yes") == 202)
            _ = try await agentMessageCount(3, server, org, id)
            #expect(try await reply(server, org, "Yep!") == 202)
            let done = try await conversation(server, org, id) { $0["status"] as? String == "COMPLETED_SCREENING_PASSED" }
            #expect(done["status"] as? String == "COMPLETED_SCREENING_PASSED")
            let outcomes = try #require(done["screeningQuestionsOutcome"] as? [[String: Any]])
            #expect(outcomes.map { $0["questionOutcome"] as? String } == ["PASSED", "PASSED"])
            #expect(outcomes.map { $0["responseSummary"] as? String } == ["yes", "Yep!"])
            let closing = try await agentMessageCount(4, server, org, id).last
            #expect(closing?.hasSuffix("https://cal.example.com/acme/intro") == true)
        }
    }

    @Test("no to a mandatory question rejects with the rejection message", arguments: TestDatabase.available)
    func failsKnockout(_ kind: TestDatabase) async throws {
        try await TestServer.run(on: kind) { server in
            let org = try await server.createOrganization()
            let id = try #require(try await start(server, org, campaign: try await campaign(server, org))["id"] as? String)
            _ = try await conversation(server, org, id) { $0["status"] as? String == "ONGOING" }
            #expect(try await reply(server, org, "nope") == 202)
            let done = try await conversation(server, org, id) { $0["status"] as? String == "COMPLETED_SCREENING_FAILED" }
            #expect(done["status"] as? String == "COMPLETED_SCREENING_FAILED")
            #expect(try await agentMessageCount(3, server, org, id).last == "Thanks for your time; we'll keep your details on file.")
        }
    }

    @Test(
        "STOP opts out with exactly one confirmation; the contact's queued conversations close and new ones are refused",
        arguments: TestDatabase.available)
    func optOut(_ kind: TestDatabase) async throws {
        try await TestServer.run(on: kind) { server in
            let org = try await server.createOrganization()
            let barista = try await campaign(server, org)
            let id = try #require(try await start(server, org, campaign: barista)["id"] as? String)
            let queued = try #require(try await start(server, org, campaign: try await campaign(server, org, title: "Baker"))["id"] as? String)
            _ = try await conversation(server, org, id) { $0["status"] as? String == "ONGOING" }
            #expect(try await reply(server, org, "Stop") == 202)
            let done = try await conversation(server, org, id) { $0["status"] as? String == "OPTED_OUT" }
            #expect(done["status"] as? String == "OPTED_OUT")
            let messages = try await agentMessageCount(3, server, org, id)
            #expect(messages.count == 3)
            #expect(messages.last?.contains("unsubscribed") == true)
            try await server.settle()
            #expect(try await server.request(.get, "/v1/conversations/\(queued)", as: org).json["status"] as? String == "CLOSED")
            #expect(try await agentMessages(server, org, queued).isEmpty, "nothing is sent to the contact again")
            #expect(try await reply(server, org, "STOP") == 404, "the contact has no active conversation any more")
            let again = try await server.request(
                .post, "/v1/conversations", as: org, json: #"{"campaignId":"\#(barista)","firstName":"Ada","phoneNumber":"+14155551234"}"#
            )
            #expect(again.status == 400)
            #expect(again.error == "phoneNumber: opted out of SMS messages from this organization; nothing can be sent to it")
        }
    }

    @Test("a second campaign's conversation with the same contact waits until the first ends", arguments: TestDatabase.available)
    func queueing(_ kind: TestDatabase) async throws {
        try await TestServer.run(on: kind) { server in
            let org = try await server.createOrganization()
            let first = try #require(try await start(server, org, campaign: try await campaign(server, org))["id"] as? String)
            let second = try await start(server, org, campaign: try await campaign(server, org, title: "Baker"))
            #expect(second["status"] as? String == "QUEUED")
            let secondID = try #require(second["id"] as? String)
            _ = try await conversation(server, org, first) { $0["status"] as? String == "ONGOING" }
            #expect(try await reply(server, org, "no") == 202)
            let started = try await conversation(server, org, secondID) { $0["status"] as? String == "ONGOING" }
            #expect(started["status"] as? String == "ONGOING")
            #expect(try await agentMessageCount(2, server, org, secondID).first?.contains("Baker") == true)
        }
    }

    @Test("bad conversations answer 400 or 404 naming the field", arguments: TestDatabase.available)
    func badRequests(_ kind: TestDatabase) async throws {
        try await TestServer.run(on: kind) { server in
            let org = try await server.createOrganization()
            let live = try await campaign(server, org)
            let cases: [(String, Int, String)] = [
                (#"{"campaignId":"\#(live)","phoneNumber":"+14155551234"}"#, 400, "firstName: is required"),
                (#"{"campaignId":"\#(live)","firstName":"Ada"}"#, 400, "phoneNumber: is required for SMS campaigns"),
                (
                    #"{"campaignId":"\#(live)","firstName":"Ada","phoneNumber":"555-1234"}"#, 400,
                    "phoneNumber: must be an E.164 phone number such as +14155551234"
                ),
                (
                    #"{"campaignId":"\#(live)","firstName":"Ada","phoneNumber":"+14155551234","openingMessage":"Hi!"}"#, 400,
                    "openingMessage: must contain the uppercase word STOP for SMS campaigns"
                ),
                (#"{"campaignId":"\#(UUID().uuidString)","firstName":"Ada","phoneNumber":"+14155551234"}"#, 404, "campaignId: not found"),
                (#"{"campaignId":"nope","firstName":"Ada","phoneNumber":"+14155551234"}"#, 400, "campaignId: must be a UUID"),
            ]
            for (body, status, error) in cases {
                let response = try await server.request(.post, "/v1/conversations", as: org, json: body)
                #expect(response.status == status, "\(body)")
                #expect(response.error == error, "\(body)")
            }
            let draft = try await server.request(.post, "/v1/campaigns", as: org, json: CampaignBodies.body(["campaignStatus": #""DRAFT""#]))
            let draftID = try #require(draft.json["id"] as? String)
            let refused = try await server.request(
                .post, "/v1/conversations", as: org, json: #"{"campaignId":"\#(draftID)","firstName":"Ada","phoneNumber":"+14155551234"}"#
            )
            #expect(refused.error == "campaignId: the campaign is DRAFT; only LIVE campaigns accept conversations")
            let list = try await server.request(.get, "/v1/conversations", as: org)
            #expect((list.json["data"] as? [Any])?.isEmpty == true, "nothing was written")
            #expect(try await reply(server, org, "hello", from: "+14155559999") == 404)
        }
    }

    @Test("takeover silences the agent, the recruiter writes as USER, hand-back resumes the screening", arguments: TestDatabase.available)
    func takeoverAndHandBack(_ kind: TestDatabase) async throws {
        try await TestServer.run(on: kind) { server in
            let org = try await server.createOrganization()
            let id = try #require(try await start(server, org, campaign: try await campaign(server, org))["id"] as? String)
            _ = try await conversation(server, org, id) { $0["status"] as? String == "ONGOING" }
            let taken = try await server.request(.post, "/v1/conversations/\(id)/takeover", as: org)
            #expect(taken.json["isHumanTakeover"] as? Bool == true)
            let sent = try await server.request(
                .post, "/v1/conversations/\(id)/messages", as: org, json: #"{"content":"Hi Ada, Sam here from the team."}"#)
            #expect(sent.status == 201)
            #expect(sent.json["role"] as? String == "USER")
            #expect(try await reply(server, org, "yes") == 202)
            try await server.settle()
            let silent = try await server.request(.get, "/v1/conversations/\(id)", as: org).json
            #expect((silent["screeningQuestionsOutcome"] as? [Any])?.isEmpty == true, "no answer is recorded while a person has it")
            #expect(try await agentMessages(server, org, id).count == 2)

            let back = try await server.request(.post, "/v1/conversations/\(id)/hand-to-agent", as: org)
            #expect(back.json["isHumanTakeover"] as? Bool == false)
            #expect(try await agentMessageCount(3, server, org, id).last == "Can you work weekends?")
            #expect(try await reply(server, org, "yes") == 202)
            #expect(try await agentMessageCount(4, server, org, id).last == "Do you have a food hygiene certificate?")
        }
    }

    @Test("stopping a campaign closes its conversations with the cancellation message", arguments: TestDatabase.available)
    func stopCampaign(_ kind: TestDatabase) async throws {
        try await TestServer.run(on: kind) { server in
            let org = try await server.createOrganization()
            let campaignID = try await campaign(server, org)
            let id = try #require(try await start(server, org, campaign: campaignID)["id"] as? String)
            _ = try await conversation(server, org, id) { $0["status"] as? String == "ONGOING" }
            let stopped = try await server.request(
                .post, "/v1/campaigns/\(campaignID)/stop", as: org, json: #"{"cancellationMessage":"The role has been filled, thank you!"}"#
            )
            #expect(stopped.status == 200)
            #expect(try await server.request(.get, "/v1/conversations/\(id)", as: org).json["status"] as? String == "CLOSED")
            #expect(try await agentMessageCount(3, server, org, id).last == "The role has been filled, thank you!")
            let late = try await server.request(.post, "/v1/conversations/\(id)/messages", as: org, json: #"{"content":"Hello?"}"#)
            #expect(late.status == 400)
            #expect(late.error == "conversationId: the conversation is CLOSED, so it can no longer change")
        }
    }

    @Test("bulk create reports each bad entry by index and creates the rest", arguments: TestDatabase.available)
    func bulk(_ kind: TestDatabase) async throws {
        try await TestServer.run(on: kind) { server in
            let org = try await server.createOrganization()
            let campaignID = try await campaign(server, org)
            let body = #"""
                {"campaignId":"\#(campaignID)","contacts":[
                  {"firstName":"Ada","phoneNumber":"+14155550001"},
                  {"phoneNumber":"+14155550002"},
                  {"firstName":"Bob","phoneNumber":"0415 555 0003"},
                  {"firstName":"Cy","phoneNumber":"+14155550001","externalId":"ats-3"}
                ]}
                """#
            let response = try await server.request(.post, "/v1/conversations/bulk", as: org, json: body)
            #expect(response.status == 200, "\(response.body)")
            let summary = try #require(response.json["summary"] as? [String: Int])
            #expect(summary == ["requested": 4, "created": 1, "failed": 3])
            let errors = try #require(response.json["errors"] as? [[String: Any]])
            #expect(errors.map { $0["index"] as? Int } == [1, 2, 3])
            let messages = errors.compactMap { $0["error"] as? String }
            #expect(messages.prefix(2) == ["firstName: is required", "phoneNumber: must be an E.164 phone number such as +14155551234"])
            #expect(messages.last?.hasPrefix("phoneNumber: already has active conversation") == true, "the same phone twice in one campaign")
            let data = try #require(response.json["data"] as? [[String: Any]])
            #expect(data.map { $0["status"] as? String } == ["CREATED"])

            let tooMany =
                "{\"campaignId\":\"\(campaignID)\",\"contacts\":[" + Array(repeating: #"{"firstName":"A"}"#, count: 1_001).joined(separator: ",")
                + "]}"
            let refused = try await server.request(.post, "/v1/conversations/bulk", as: org, json: tooMany)
            #expect(refused.error == "contacts: must contain 1 to 1000 entries")
        }
    }

    @Test("the same contact twice in a campaign: 409, or queued, or the old one closed, as the flags say", arguments: TestDatabase.available)
    func duplicatesAndCloseFlags(_ kind: TestDatabase) async throws {
        try await TestServer.run(on: kind) { server in
            let org = try await server.createOrganization()
            let barista = try await campaign(server, org)
            let baker = try await campaign(server, org, title: "Baker")
            let first = try #require(try await start(server, org, campaign: barista)["id"] as? String)

            let body = #"{"campaignId":"\#(barista)","firstName":"Ada","phoneNumber":"+14155551234""#
            let duplicate = try await server.request(.post, "/v1/conversations", as: org, json: body + "}")
            #expect(duplicate.status == 409)
            #expect(duplicate.error?.contains(first) == true)

            let skipped = try await server.request(.post, "/v1/conversations", as: org, json: body + #","skipDuplicationCheck":true}"#)
            #expect(skipped.json["status"] as? String == "QUEUED")

            let replaced = try await server.request(.post, "/v1/conversations", as: org, json: body + #","closePreviousConversations":true}"#)
            #expect(replaced.status == 201)
            #expect(replaced.json["status"] as? String == "CREATED")
            #expect(try await server.request(.get, "/v1/conversations/\(first)", as: org).json["status"] as? String == "CLOSED")
            let replacedID = try #require(replaced.json["id"] as? String)

            let elsewhere = try await server.request(
                .post, "/v1/conversations", as: org,
                json: #"{"campaignId":"\#(baker)","firstName":"Ada","phoneNumber":"+14155551234","closeAllOngoingConversations":true}"#
            )
            #expect(elsewhere.json["status"] as? String == "CREATED", "never queued")
            #expect(try await server.request(.get, "/v1/conversations/\(replacedID)", as: org).json["status"] as? String == "CLOSED")
            let all = try await server.request(.get, "/v1/conversations", as: org).json["data"] as? [[String: Any]] ?? []
            let active = all.filter { ["CREATED", "QUEUED", "ONGOING"].contains($0["status"] as? String ?? "") }
            #expect(active.map { $0["campaignId"] as? String } == [baker], "exactly one active conversation for the contact")
        }
    }

    @Test("a campaign's externalCampaignId names it for conversations, is unique while not archived", arguments: TestDatabase.available)
    func externalCampaignID(_ kind: TestDatabase) async throws {
        try await TestServer.run(on: kind) { server in
            let org = try await server.createOrganization()
            let created = try await server.request(.post, "/v1/campaigns", as: org, json: CampaignBodies.body(["externalCampaignId": #""job-42""#]))
            let campaignID = try #require(created.json["id"] as? String)
            #expect(created.json["externalCampaignId"] as? String == "job-42")
            let clash = try await server.request(.post, "/v1/campaigns", as: org, json: CampaignBodies.body(["externalCampaignId": #""job-42""#]))
            #expect(clash.status == 400)
            #expect(clash.error == "externalCampaignId: is already used by campaign \(campaignID)")

            let conversation = try await server.request(
                .post, "/v1/conversations", as: org, json: #"{"externalCampaignId":"job-42","firstName":"Ada","phoneNumber":"+14155551234"}"#
            )
            #expect(conversation.status == 201)
            #expect(conversation.json["campaignId"] as? String == campaignID)
            #expect(conversation.json["externalCampaignId"] as? String == "job-42")
            let listed = try await server.request(.get, "/v1/conversations?externalCampaignId=job-42", as: org).json["data"] as? [Any]
            #expect(listed?.count == 1)
            let unknown = try await server.request(
                .post, "/v1/conversations", as: org, json: #"{"externalCampaignId":"job-7","firstName":"Ada","phoneNumber":"+14155551234"}"#
            )
            #expect(unknown.status == 404)
            let both = try await server.request(
                .post, "/v1/conversations", as: org,
                json: #"{"campaignId":"\#(campaignID)","externalCampaignId":"job-42","firstName":"Ada","phoneNumber":"+14155551234"}"#
            )
            #expect(both.error == "externalCampaignId: cannot be combined with campaignId; send one of them")

            _ = try await server.request(.post, "/v1/campaigns/\(campaignID)/stop", as: org)
            let reused = try await server.request(.post, "/v1/campaigns", as: org, json: CampaignBodies.body(["externalCampaignId": #""job-42""#]))
            #expect(reused.status == 201, "an archived campaign's external id is free again")
        }
    }

    @Test(
        "an answer that stays unclear flags the conversation and its campaign for review until someone takes over", arguments: TestDatabase.available)
    func needsReview(_ kind: TestDatabase) async throws {
        try await TestServer.run(on: kind) { server in
            let org = try await server.createOrganization()
            let campaignID = try await campaign(server, org)
            let id = try #require(try await start(server, org, campaign: campaignID)["id"] as? String)
            _ = try await conversation(server, org, id) { $0["status"] as? String == "ONGOING" }
            #expect(try await reply(server, org, "maybe") == 202)
            let clarification = try await agentMessageCount(3, server, org, id).last
            #expect(clarification?.contains("yes or no") == true)
            #expect(try await reply(server, org, "it depends") == 202)
            let flagged = try await conversation(server, org, id) { $0["needsReview"] as? Bool == true }
            #expect(flagged["needsReview"] as? Bool == true)
            let conversationID = try #require(Conversation.ID(uuidString: id))
            let events = try await server.database.read { sql in try await ConversationRepository.events(of: conversationID, on: sql) }
            let review = try #require(events.first { $0.event == "CONVERSATION_NEEDS_REVIEW" })
            #expect(review.data.contains(#""reason":"the answer stayed unclear after one clarification""#))
            #expect(try await server.request(.get, "/v1/campaigns/\(campaignID)", as: org).json["needsReview"] as? Bool == true)
            let listed = try await server.request(.get, "/v1/conversations?needsReview=true", as: org).json["data"] as? [[String: Any]]
            #expect(listed?.compactMap { $0["id"] as? String } == [id])

            _ = try await server.request(.post, "/v1/conversations/\(id)/takeover", as: org)
            #expect(try await server.request(.get, "/v1/campaigns/\(campaignID)", as: org).json["needsReview"] as? Bool == false)
        }
    }

    @Test("a national number with its countryCode is kept in E.164, and replies from that number reach the conversation")
    func nationalNumber() async throws {
        try await TestServer.run(on: .sqlite) { server in
            let org = try await server.createOrganization()
            let campaignID = try await campaign(server, org)
            let created = try await server.request(
                .post, "/v1/conversations", as: org,
                json: #"{"campaignId":"\#(campaignID)","firstName":"Ada","phoneNumber":"07911 123456","countryCode":"GB"}"#
            )
            #expect(created.json["participantPhoneNumber"] as? String == "+447911123456")
            let id = try #require(created.json["id"] as? String)
            _ = try await conversation(server, org, id) { $0["status"] as? String == "ONGOING" }
            #expect(try await reply(server, org, "yes", from: "+447911123456") == 202)
            let unknown = try await server.request(
                .post, "/v1/conversations", as: org,
                json: #"{"campaignId":"\#(campaignID)","firstName":"Ada","phoneNumber":"07911 123456","countryCode":"XX"}"#
            )
            #expect(unknown.error == "countryCode: must be an ISO 3166-1 alpha-2 country code this server knows, such as US or GB")
        }
    }

    @Test("shouldSendDuringBusinessHours holds the first message until the candidate's Monday morning", arguments: TestDatabase.available)
    func businessHours(_ kind: TestDatabase) async throws {
        let saturdayNoonInLondon = try Date("2026-11-28T12:00:00Z", strategy: .iso8601)
        try await TestServer.run(on: kind, clock: WallClock { saturdayNoonInLondon }) { server in
            let org = try await server.createOrganization()
            let campaignID = try await campaign(server, org)
            let created = try await server.request(
                .post, "/v1/conversations", as: org,
                json: #"{"campaignId":"\#(campaignID)","firstName":"Ada","phoneNumber":"+447911123456","shouldSendDuringBusinessHours":true}"#
            )
            #expect(created.status == 201)
            let pending = try await JobQueue(database: server.database).list(status: .pending)
            #expect(pending.map(\.runAt) == [try Date("2026-11-30T09:00:00Z", strategy: .iso8601)])
            #expect(try await agentMessages(server, org, try #require(created.json["id"] as? String)).isEmpty)
        }
    }

    @Test("messages page oldest first with nextToken", arguments: TestDatabase.available)
    func messagePaging(_ kind: TestDatabase) async throws {
        try await TestServer.run(on: kind) { server in
            let org = try await server.createOrganization()
            let id = try #require(try await start(server, org, campaign: try await campaign(server, org))["id"] as? String)
            let all = try await agentMessageCount(2, server, org, id)
            let first = try await server.request(.get, "/v1/conversations/\(id)/messages?limit=1", as: org).json
            let token = try #require(first["nextToken"] as? String)
            let second = try await server.request(.get, "/v1/conversations/\(id)/messages?limit=1&nextToken=\(token)", as: org).json
            let contents = [first, second].flatMap { ($0["data"] as? [[String: Any]] ?? []).compactMap { $0["content"] as? String } }
            #expect(contents == all)
            #expect(second["nextToken"] == nil)
        }
    }
}
