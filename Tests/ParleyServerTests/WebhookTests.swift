import Foundation
import HTTPTypes
import ParleyCore
import ParleyServer
import ParleyStore
import ParleyTesting
import SQLKit
import Testing

/// Webhooks end to end: the API, and deliveries to a real receiver on loopback that verifies both signatures
/// with the official `standardwebhooks` library and Popp's `x-signature` rule.
@Suite("Webhooks")
struct WebhookTests {
    private static let allEvents =
        #"["CONVERSATION_QUEUED","CONVERSATION_STARTED","CONVERSATION_COMPLETED","CONVERSATION_NEEDS_REVIEW","CONVERSATION_OPTED_OUT","CONVERSATION_MAX_NUDGES_REACHED","START_CONVERSATION_FAILED"]"#

    private static func privateTargets(_ settings: inout Settings) {
        settings.allowPrivateWebhookTargets = true
        settings.publicURL = "https://parley.example.com"
        settings.webhookTimeout = .seconds(1)
    }

    /// Creates a webhook to `path` on `receiver` and tells the receiver its secret; returns the webhook.
    private func subscribe(
        _ server: TestServer, _ org: TestOrganization, _ receiver: WebhookReceiver, path: String, events: String = allEvents
    ) async throws -> [String: Any] {
        let created = try await server.request(.post, "/v1/webhooks", as: org, json: #"{"url":"\#(receiver.baseURL)\#(path)","events":\#(events)}"#)
        #expect(created.status == 201, "\(created.body)")
        try await receiver.expect(secret: try #require(created.json["secret"] as? String), on: path)
        return created.json
    }

    private func campaign(_ server: TestServer, _ org: TestOrganization) async throws -> String {
        try #require(try await server.request(.post, "/v1/campaigns", as: org, json: CampaignBodies.valid).json["id"] as? String)
    }

    @Test("create, read, update and delete; the secret is shown once; events are listed with categories")
    func crud() async throws {
        try await TestServer.run(on: .sqlite) { server in
            let org = try await server.createOrganization()
            let created = try await server.request(
                .post, "/v1/webhooks", as: org,
                json: #"{"url":"https://93.184.216.34/hooks/parley","events":["CONVERSATION_COMPLETED"],"description":"ATS"}"#
            )
            #expect(created.status == 201, "\(created.body)")
            let secret = try #require(created.json["secret"] as? String)
            #expect(secret.hasPrefix("whsec_") && Data(base64Encoded: String(secret.dropFirst(6)))?.count == 32)
            #expect(created.json["isActive"] as? Bool == true && created.json["description"] as? String == "ATS")
            let id = try #require(created.json["id"] as? String)

            let stored = try await server.database.read { sql in
                try await sql.select().column("secret").from("webhooks").all().map { try $0.decode(column: "secret", as: String.self) }
            }
            #expect(stored.count == 1 && !stored[0].contains("whsec_") && !stored[0].contains(String(secret.dropFirst(6))), "sealed at rest")

            let listed = try await server.request(.get, "/v1/webhooks", as: org)
            #expect(!listed.body.contains("whsec_"), "the secret is never listed")
            #expect((listed.json["data"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [id])
            #expect(try await server.request(.get, "/v1/webhooks/\(id)", as: org).json["secret"] == nil)

            let patched = try await server.request(
                .patch, "/v1/webhooks/\(id)", as: org, json: #"{"events":["CONVERSATION_STARTED","CONVERSATION_OPTED_OUT"],"isActive":false}"#)
            #expect(patched.json["events"] as? [String] == ["CONVERSATION_STARTED", "CONVERSATION_OPTED_OUT"])
            #expect(patched.json["isActive"] as? Bool == false)

            let rotated = try await server.request(.post, "/v1/webhooks/\(id)/rotate-secret", as: org)
            let newSecret = try #require(rotated.json["secret"] as? String)
            #expect(newSecret != secret && newSecret.hasPrefix("whsec_"))

            let other = try await server.createOrganization(name: "Other")
            #expect(try await server.request(.get, "/v1/webhooks/\(id)", as: other).status == 404)
            #expect(try await server.request(.delete, "/v1/webhooks/\(id)", as: other).status == 404)

            let events = try await server.request(.get, "/v1/webhooks/events", as: org).json["data"] as? [[String: Any]]
            #expect(events?.count == 10)
            #expect(events?.allSatisfy { ($0["description"] as? String)?.isEmpty == false } == true)
            let categories = Dictionary(grouping: events ?? [], by: { $0["category"] as? String ?? "" }).mapValues(\.count)
            #expect(categories == ["CONVERSATION": 7, "SCHEDULING": 3])

            #expect(try await server.request(.delete, "/v1/webhooks/\(id)", as: org).status == 204)
            #expect(try await server.request(.get, "/v1/webhooks/\(id)", as: org).status == 404)
        }
    }

    @Test(
        "bad webhooks answer 400 naming the field, and private targets are refused",
        arguments: [
            (#"{"url":"ftp://93.184.216.34/x","events":["CONVERSATION_STARTED"]}"#, "url: must be an absolute http or https URL"),
            (#"{"url":"http://127.0.0.1:9/x","events":["CONVERSATION_STARTED"]}"#, "url: must not point at a loopback address (127.0.0.1)"),
            (
                #"{"url":"http://169.254.169.254/latest","events":["CONVERSATION_STARTED"]}"#,
                "url: must not point at a link-local address (169.254.169.254)"
            ),
            (#"{"url":"http://localhost/x","events":["CONVERSATION_STARTED"]}"#, "url: must not point at a local host name (localhost)"),
            (#"{"url":"https://93.184.216.34/x","events":[]}"#, "events: must list at least one event"),
            (
                #"{"url":"https://93.184.216.34/x","events":["CONVERSATION_STARTED","CONVERSATION_STARTED"]}"#,
                "events: must not repeat an event"
            ),
            (
                #"{"url":"https://93.184.216.34/x","events":["NOPE"]}"#,
                "events[0]: must be one of CONVERSATION_QUEUED, CONVERSATION_STARTED, CONVERSATION_COMPLETED, CONVERSATION_NEEDS_REVIEW, CONVERSATION_OPTED_OUT, CONVERSATION_MAX_NUDGES_REACHED, START_CONVERSATION_FAILED, CALENDAR_MEETING_SCHEDULED, CALENDAR_MEETING_RESCHEDULED, CALENDAR_MEETING_CANCELLED"
            ),
            (#"{"events":["CONVERSATION_STARTED"]}"#, "url: is required"),
        ]
    )
    func rejects(body: String, error: String) async throws {
        try await TestServer.run(on: .sqlite) { server in
            let org = try await server.createOrganization()
            let response = try await server.request(.post, "/v1/webhooks", as: org, json: body)
            #expect(response.status == 400)
            #expect(response.error == error)
            #expect((try await server.request(.get, "/v1/webhooks", as: org).json["data"] as? [Any])?.isEmpty == true)
        }
    }

    @Test(
        "every conversation event arrives in the documented envelope, verified by standardwebhooks and x-signature", arguments: TestDatabase.available
    )
    func signedDeliveries(_ kind: TestDatabase) async throws {
        try await WebhookReceiver.run { receiver in
            try await TestServer.run(on: kind, configure: Self.privateTargets) { server in
                let org = try await server.createOrganization()
                let webhook = try await subscribe(server, org, receiver, path: "/ok")
                let campaignID = try await campaign(server, org)
                let id = try #require(try await start(server, org, campaign: campaignID)["id"] as? String)
                _ = try await conversation(server, org, id) { $0["status"] as? String == "ONGOING" }
                #expect(try await reply(server, org, "yes") == 202)
                let arrived = try await receiver.received { $0.count >= 2 }
                #expect(arrived.map(\.event) == ["CONVERSATION_STARTED", "CONVERSATION_COMPLETED"])
                for delivery in arrived {
                    #expect(delivery.standardVerified, "\(delivery.standardError ?? "")")
                    #expect(delivery.poppVerified)
                    #expect(delivery.webhookID == delivery.eventID)
                }
                let completed = arrived[1].data
                #expect(completed["recordId"] as? String == id)
                #expect(completed["organizationId"] as? String == org.id.uuidString)
                #expect(completed["conversationStatus"] as? String == "COMPLETED_SCREENING_PASSED")
                #expect(completed["participantFirstName"] as? String == "Ada")
                #expect(completed["scorecardTotalValue"] as? Int == 100)
                #expect((completed["screeningQuestionsOutcome"] as? [[String: Any]])?.first?["questionOutcome"] as? String == "PASSED")
                #expect(
                    completed["campaignConversationUrl"] as? String
                        == "https://parley.example.com/campaign/outbound/\(campaignID)?conversationId=\(id)")
                #expect((completed["candidateId"] as? String).flatMap(UUID.init(uuidString:)) != nil)
                #expect(completed.keys.contains("externalId") && completed.keys.contains("participantLastName"))

                let webhookID = try #require(webhook["id"] as? String)
                // The receiver has the deliveries; the server records each attempt just after its answer.
                try await server.settle()
                let log = try await server.request(.get, "/v1/webhooks/\(webhookID)/deliveries", as: org).json["data"] as? [[String: Any]]
                #expect(log?.map { $0["status"] as? String } == ["SUCCEEDED", "SUCCEEDED"])
                #expect((log?.first?["attempts"] as? [[String: Any]])?.first?["statusCode"] as? Int == 200)
            }
        }
    }

    @Test("after a rotation both secrets sign for a day; a test delivery reports what the endpoint answered")
    func rotationAndTest() async throws {
        try await WebhookReceiver.run { receiver in
            try await TestServer.run(on: .sqlite, configure: Self.privateTargets) { server in
                let org = try await server.createOrganization()
                let webhook = try await subscribe(server, org, receiver, path: "/ok")
                let id = try #require(webhook["id"] as? String)
                let test = try await server.request(.post, "/v1/webhooks/\(id)/test", as: org)
                #expect(test.json["success"] as? Bool == true && test.json["statusCode"] as? Int == 200)

                let rotated = try await server.request(.post, "/v1/webhooks/\(id)/rotate-secret", as: org)
                _ = try await server.request(.post, "/v1/webhooks/\(id)/test", as: org)
                try await receiver.expect(secret: try #require(rotated.json["secret"] as? String), on: "/ok")
                _ = try await server.request(.post, "/v1/webhooks/\(id)/test", as: org)
                let arrived = try await receiver.received { $0.count >= 3 }
                #expect(arrived.map(\.event) == ["WEBHOOK_TEST", "WEBHOOK_TEST", "WEBHOOK_TEST"])
                #expect(arrived.allSatisfy { $0.standardVerified && $0.poppVerified }, "old secret, then new secret, both verify")
            }
        }
    }

    @Test("a receiver failing twice gets the event on the third attempt, on the documented schedule")
    func retrySchedule() async throws {
        let clock = ManualClock(Date())
        try await WebhookReceiver.run { receiver in
            try await TestServer.run(on: .sqlite, clock: clock.wallClock, configure: Self.privateTargets) { server in
                let org = try await server.createOrganization()
                let webhook = try await subscribe(server, org, receiver, path: "/flaky", events: #"["CONVERSATION_STARTED"]"#)
                _ = try await start(server, org, campaign: try await campaign(server, org))
                _ = try await receiver.received { $0.count >= 1 }
                try await server.settle()
                #expect(try await receiver.received().count == 1, "the second attempt waits five seconds")
                clock.advance(by: 5)
                _ = try await receiver.received { $0.count >= 2 }
                try await server.settle()
                clock.advance(by: 299)
                try await server.settle()
                #expect(try await receiver.received().count == 2, "the third attempt waits five minutes")
                clock.advance(by: 1)
                let arrived = try await receiver.received { $0.count >= 3 }
                #expect(Set(arrived.compactMap(\.eventID)).count == 1, "one eventId across attempts")
                try await server.settle()
                let id = try #require(webhook["id"] as? String)
                let log = try #require(
                    (try await server.request(.get, "/v1/webhooks/\(id)/deliveries", as: org).json["data"] as? [[String: Any]])?.first)
                #expect(log["status"] as? String == "SUCCEEDED")
                let attempts = log["attempts"] as? [[String: Any]] ?? []
                #expect(attempts.map { $0["statusCode"] as? Int } == [500, 500, 200])
            }
        }
    }

    @Test("Retry-After stretches the wait before the next attempt")
    func retryAfter() async throws {
        let clock = ManualClock(Date())
        try await WebhookReceiver.run { receiver in
            try await TestServer.run(on: .sqlite, clock: clock.wallClock, configure: Self.privateTargets) { server in
                let org = try await server.createOrganization()
                _ = try await subscribe(server, org, receiver, path: "/busy", events: #"["CONVERSATION_STARTED"]"#)
                _ = try await start(server, org, campaign: try await campaign(server, org))
                _ = try await receiver.received { $0.count >= 1 }
                try await server.settle()
                clock.advance(by: 119)
                try await server.settle()
                #expect(try await receiver.received().count == 1, "the endpoint asked for 120 seconds, not the scheduled 5")
                clock.advance(by: 1)
                #expect(try await receiver.received { $0.count >= 2 }.count == 2)
            }
        }
    }

    @Test("redirects are not followed: a 302 is a failed attempt, retried at the same URL")
    func noRedirects() async throws {
        try await WebhookReceiver.run { receiver in
            try await TestServer.run(on: .sqlite, configure: Self.privateTargets) { server in
                let org = try await server.createOrganization()
                let webhook = try await subscribe(server, org, receiver, path: "/redirect", events: #"["CONVERSATION_STARTED"]"#)
                _ = try await start(server, org, campaign: try await campaign(server, org))
                _ = try await receiver.received { $0.count >= 1 }
                try await server.settle()
                #expect(try await receiver.received().map(\.path) == ["/redirect"])
                let id = try #require(webhook["id"] as? String)
                let log = try #require(
                    (try await server.request(.get, "/v1/webhooks/\(id)/deliveries", as: org).json["data"] as? [[String: Any]])?.first)
                #expect(log["status"] as? String == "PENDING" && log["nextAttemptAt"] != nil)
                #expect((log["attempts"] as? [[String: Any]])?.map { $0["statusCode"] as? Int } == [302])
            }
        }
    }

    @Test("410 Gone turns the webhook off; later events are not sent to it")
    func goneDisables() async throws {
        try await WebhookReceiver.run { receiver in
            try await TestServer.run(on: .sqlite, configure: Self.privateTargets) { server in
                let org = try await server.createOrganization()
                let webhook = try await subscribe(server, org, receiver, path: "/gone")
                let id = try #require(webhook["id"] as? String)
                let campaignID = try await campaign(server, org)
                _ = try await start(server, org, campaign: campaignID)
                _ = try await receiver.received { $0.count >= 1 }
                try await server.settle()
                #expect(try await server.request(.get, "/v1/webhooks/\(id)", as: org).json["isActive"] as? Bool == false)
                _ = try await start(server, org, campaign: campaignID, phone: "+14155550199")
                try await server.settle()
                #expect(try await receiver.received().count == 1)
                let log = try await server.request(.get, "/v1/webhooks/\(id)/deliveries", as: org).json["data"] as? [[String: Any]]
                #expect(log?.map { $0["status"] as? String } == ["FAILED"])
            }
        }
    }

    @Test("a hanging endpoint does not hold up deliveries to others; a delivery can be sent again with its eventId")
    func slowEndpointAndRedelivery() async throws {
        try await WebhookReceiver.run { receiver in
            try await TestServer.run(on: .sqlite, configure: Self.privateTargets) { server in
                let org = try await server.createOrganization()
                _ = try await subscribe(server, org, receiver, path: "/slow", events: #"["CONVERSATION_QUEUED","CONVERSATION_STARTED"]"#)
                let fast = try await subscribe(server, org, receiver, path: "/ok", events: #"["CONVERSATION_STARTED"]"#)
                _ = try await start(server, org, campaign: try await campaign(server, org))
                let arrived = try await receiver.received { $0.contains { $0.path == "/ok" } }
                #expect(arrived.contains { $0.path == "/ok" && $0.event == "CONVERSATION_STARTED" })

                let id = try #require(fast["id"] as? String)
                try await server.settle()
                let delivery = try #require(
                    (try await server.request(.get, "/v1/webhooks/\(id)/deliveries", as: org).json["data"] as? [[String: Any]])?.first)
                let again = try await server.request(.post, "/v1/webhooks/\(id)/deliveries/\(delivery["id"] as? String ?? "")/redeliver", as: org)
                #expect(again.status == 202)
                #expect(again.json["eventId"] as? String == delivery["eventId"] as? String)
                let twice = try await receiver.received { $0.filter { $0.path == "/ok" }.count >= 2 }.filter { $0.path == "/ok" }
                #expect(twice.count == 2 && twice[0].eventID == twice[1].eventID)
            }
        }
    }
}
