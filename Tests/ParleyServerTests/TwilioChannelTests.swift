import Foundation
import HTTPTypes
import ParleyCore
import ParleyServer
import ParleyStore
import ParleyTesting
import SQLKit
import Testing

/// SMS through Twilio end to end: a fake Twilio Messages API on loopback takes the messages, and Twilio's own
/// Python library signs the callbacks the server receives.
@Suite("Twilio channel")
struct TwilioChannelTests {
    static let accountSID = "AC" + String(repeating: "0123456789abcdef", count: 2)
    static let authToken = "twilio-auth-token"

    private static func connect(_ server: TestServer, _ org: TestOrganization, base: String, pace: Double = 1) async throws -> [String: Any] {
        let body = #"""
            {"channel":"SMS","provider":"TWILIO","sender":"+14155550100","apiBaseUrl":"\#(base)","messagesPerSecond":\#(pace),
             "credentials":{"accountSid":"\#(accountSID)","authToken":"\#(authToken)"}}
            """#
        let created = try await server.request(.post, "/v1/channel-connections", as: org, json: body)
        #expect(created.status == 201, "\(created.body)")
        return created.json
    }

    /// POSTs a callback signed by Twilio's library (or with `signature` instead) to `path`.
    private static func callback(
        _ server: TestServer, _ path: String, _ parameters: [String: String], signature: String? = nil
    ) async throws -> TestHTTPResponse {
        let signed =
            if let signature { signature } else {
                try await ProviderSigner.twilio(url: ChannelTesting.publicURL + path, parameters: parameters, authToken: authToken)
            }
        return try await server.request(
            .post, path, json: formBody(parameters),
            headers: [.contentType: "application/x-www-form-urlencoded", HTTPField.Name("X-Twilio-Signature")!: signed]
        )
    }

    private static func candidateMessages(_ server: TestServer, _ org: TestOrganization, _ id: String) async throws -> [[String: Any]] {
        let data = try await server.request(.get, "/v1/conversations/\(id)/messages", as: org).json["data"] as? [[String: Any]] ?? []
        return data.filter { $0["role"] as? String == "CANDIDATE" }
    }

    @Test("a whole screening over SMS: sent at the sender's pace, replies signed and de-duplicated", arguments: TestDatabase.available)
    func screening(kind: TestDatabase) async throws {
        let clock = ManualClock()
        let twilio = FakeProviderServer()
        try await twilio.run { base in
            try await TestServer.run(on: kind, clock: clock.wallClock, configure: ChannelTesting.configure) { server in
                let org = try await server.createOrganization()
                let connection = try await Self.connect(server, org, base: base)
                let connectionID = try #require(connection["id"] as? String)
                #expect(connection["credentials"] == nil)
                #expect(connection["inboundUrl"] as? String == "\(ChannelTesting.publicURL)/channels/\(connectionID)/inbound")
                let statusURL = "\(ChannelTesting.publicURL)/channels/\(connectionID)/status"
                #expect(connection["statusCallbackUrl"] as? String == statusURL)

                let campaign = try #require(
                    try await server.request(.post, "/v1/campaigns", as: org, json: CampaignBodies.valid).json["id"] as? String)
                let id = try #require(try await start(server, org, campaign: campaign)["id"] as? String)
                try await server.settle()
                // The opening goes now; the question waits one second for the long code's next turn.
                #expect(twilio.received.count == 1)
                clock.advance(by: 1)
                try await server.settle()
                let sent = twilio.received
                try #require(sent.count == 2)
                #expect(sent[0].path == "/2010-04-01/Accounts/\(Self.accountSID)/Messages.json")
                #expect(sent[0].form["To"] == "+14155551234")
                #expect(sent[0].form["From"] == "+14155550100")
                #expect(sent[0].form["StatusCallback"] == statusURL)
                #expect(sent[1].form["Body"] == "Can you work weekends?")
                let basic = "Basic " + Data("\(Self.accountSID):\(Self.authToken)".utf8).base64EncodedString()
                #expect(sent.allSatisfy { $0.authorization == basic })
                let started = try await conversation(server, org, id) { $0["status"] as? String == "ONGOING" }
                #expect(started["status"] as? String == "ONGOING")
                let messages = try await server.request(.get, "/v1/conversations/\(id)/messages", as: org).json["data"] as? [[String: Any]] ?? []
                #expect(messages.compactMap { $0["providerMessageId"] as? String } == sent.compactMap(\.id))
                #expect(messages.allSatisfy { $0["deliveryStatus"] as? String == "SENT" })

                // Delivery reports move a message forward, never back.
                let inbound = "/channels/\(connectionID)/inbound"
                let status = "/channels/\(connectionID)/status"
                let first = try #require(sent[0].id)
                #expect(try await Self.callback(server, status, ["MessageSid": first, "MessageStatus": "delivered"]).status == 200)
                #expect(try await Self.callback(server, status, ["MessageSid": first, "MessageStatus": "sent"]).status == 200)
                let reported = try await server.request(.get, "/v1/conversations/\(id)/messages", as: org).json["data"] as? [[String: Any]] ?? []
                #expect(reported.first?["deliveryStatus"] as? String == "DELIVERED")

                // Unsigned and wrongly signed callbacks change nothing.
                let reply = ["MessageSid": "SM" + String(repeating: "1", count: 32), "From": "+14155551234", "To": "+14155550100", "Body": "Yes"]
                #expect(try await Self.callback(server, inbound, reply, signature: "bm90IGEgc2lnbmF0dXJl").status == 403)
                let unsigned = try await server.request(
                    .post, inbound, json: formBody(reply), headers: [.contentType: "application/x-www-form-urlencoded"]
                )
                #expect(unsigned.status == 403)
                var forged = reply
                forged["Body"] = "No"
                let signatureOfYes = try await ProviderSigner.twilio(
                    url: ChannelTesting.publicURL + inbound, parameters: reply, authToken: Self.authToken)
                #expect(try await Self.callback(server, inbound, forged, signature: signatureOfYes).status == 403)
                #expect(try await Self.candidateMessages(server, org, id).isEmpty)

                // The same MessageSid three times is one message and one answer.
                for _ in 1...3 {
                    let answered = try await Self.callback(server, inbound, reply)
                    #expect(answered.status == 200)
                    #expect(answered.body.contains("<Response></Response>"))
                }
                try await server.settle()
                clock.advance(by: 1)
                try await server.settle()
                #expect(try await Self.candidateMessages(server, org, id).count == 1)
                let passed = try await conversation(server, org, id) { $0["status"] as? String == "COMPLETED_SCREENING_PASSED" }
                #expect(passed["status"] as? String == "COMPLETED_SCREENING_PASSED")
                #expect(twilio.received.count == 3)
                #expect(twilio.received.last?.form["Body"]?.contains("https://cal.example.com/acme/intro") == true)
            }
        }
    }

    @Test("WhatsApp through Twilio: both ends are written whatsapp:+…, and replies from whatsapp:+… find the candidate")
    func whatsApp() async throws {
        let twilio = FakeProviderServer()
        try await twilio.run { base in
            try await TestServer.run(on: .sqlite, configure: ChannelTesting.configure) { server in
                let org = try await server.createOrganization()
                let body = #"""
                    {"channel":"WHATSAPP","provider":"TWILIO","sender":"+14155550100","apiBaseUrl":"\#(base)","messagesPerSecond":1000,
                     "whatsappTemplate":{"name":"HX0123456789abcdef0123456789abcdef"},
                     "credentials":{"accountSid":"\#(Self.accountSID)","authToken":"\#(Self.authToken)"}}
                    """#
                let created = try await server.request(.post, "/v1/channel-connections", as: org, json: body)
                #expect(created.status == 201, "\(created.body)")
                let connectionID = try #require(created.json["id"] as? String)
                let campaignBody = CampaignBodies.body(["channel": #""WHATSAPP""#])
                let campaign = try #require(try await server.request(.post, "/v1/campaigns", as: org, json: campaignBody).json["id"] as? String)
                let id = try #require(try await start(server, org, campaign: campaign)["id"] as? String)
                _ = try await conversation(server, org, id) { $0["status"] as? String == "ONGOING" }
                try await server.settle()
                #expect(twilio.received.first?.form["To"] == "whatsapp:+14155551234")
                #expect(twilio.received.first?.form["From"] == "whatsapp:+14155550100")
                // Before the candidate writes, WhatsApp takes only the approved template, with the text as {{1}}.
                #expect(twilio.received.allSatisfy { $0.form["ContentSid"] == "HX0123456789abcdef0123456789abcdef" && $0.form["Body"] == nil })
                #expect(twilio.received.last?.form["ContentVariables"] == #"{"1":"Can you work weekends?"}"#)
                let reply = ["MessageSid": "SM" + String(repeating: "2", count: 32), "From": "whatsapp:+14155551234", "Body": "yes"]
                #expect(try await Self.callback(server, "/channels/\(connectionID)/inbound", reply).status == 200)
                let passed = try await conversation(server, org, id) { $0["status"] as? String == "COMPLETED_SCREENING_PASSED" }
                #expect(passed["status"] as? String == "COMPLETED_SCREENING_PASSED")
                try await server.settle()
                // Inside the 24 hours the candidate opened, the closing is free text.
                #expect(twilio.received.last?.form["Body"]?.contains("https://cal.example.com/acme/intro") == true)
                #expect(twilio.received.last?.form["ContentSid"] == nil)
            }
        }
    }

    @Test("STOP while a question waits for the sender's turn: the question is never sent, the confirmation is")
    func stopCancelsWhatIsQueued() async throws {
        let clock = ManualClock()
        let twilio = FakeProviderServer()
        try await twilio.run { base in
            try await TestServer.run(on: .sqlite, clock: clock.wallClock, configure: ChannelTesting.configure) { server in
                let org = try await server.createOrganization()
                let connectionID = try #require(try await Self.connect(server, org, base: base)["id"] as? String)
                let campaign = try #require(
                    try await server.request(.post, "/v1/campaigns", as: org, json: CampaignBodies.valid).json["id"] as? String)
                let id = try #require(try await start(server, org, campaign: campaign)["id"] as? String)
                try await server.settle()
                #expect(twilio.received.count == 1)
                let stop = ["MessageSid": "SM" + String(repeating: "3", count: 32), "From": "+14155551234", "Body": "STOP"]
                #expect(try await Self.callback(server, "/channels/\(connectionID)/inbound", stop).status == 200)
                try await server.settle()
                for _ in 1...3 {
                    clock.advance(by: 1)
                    try await server.settle()
                }
                #expect(twilio.received.count == 2)
                #expect(twilio.received.last?.form["Body"]?.contains("unsubscribed") == true)
                let messages = try await server.request(.get, "/v1/conversations/\(id)/messages", as: org).json["data"] as? [[String: Any]] ?? []
                let question = messages.first { $0["content"] as? String == "Can you work weekends?" }
                #expect(question?["deliveryStatus"] as? String == "FAILED")
                #expect(try await server.request(.get, "/v1/conversations/\(id)", as: org).json["status"] as? String == "OPTED_OUT")
            }
        }
    }

    @Test("a sender keeps its pace across conversations: one turn per interval, reserved in the database", arguments: [TestDatabase.sqlite])
    func pace(kind: TestDatabase) async throws {
        let clock = ManualClock()
        let twilio = FakeProviderServer()
        try await twilio.run { base in
            try await TestServer.run(on: kind, clock: clock.wallClock, configure: ChannelTesting.configure) { server in
                let org = try await server.createOrganization()
                _ = try await Self.connect(server, org, base: base, pace: 2)
                let campaign = try #require(
                    try await server.request(.post, "/v1/campaigns", as: org, json: CampaignBodies.valid).json["id"] as? String)
                for number in 0..<6 {
                    _ = try await start(server, org, campaign: campaign, phone: "+1415555\(String(format: "%04d", 2000 + number))")
                }
                // Twelve messages (an opening and a question each) at two a second: one turn every 500 ms.
                var counts: [Int] = []
                for _ in 0..<4 {
                    try await server.settle()
                    counts.append(twilio.received.count)
                    clock.advance(by: 0.5)
                }
                #expect(counts == [1, 2, 3, 4])
                let turns = try await server.database.read { sql in
                    try await sql.select().column("send_at").from("messages").where("send_at", .isNot, SQLLiteral.null).orderBy("send_at").all()
                        .map { try $0.decode(column: "send_at", as: Int64.self) }
                }
                #expect(zip(turns, turns.dropFirst()).allSatisfy { $1 - $0 == 500 })
                #expect(turns.count >= 4)
            }
        }
    }

    @Test("a first message Twilio reports failed makes the conversation DELIVERY_FAILED", arguments: TestDatabase.available)
    func failedStatus(kind: TestDatabase) async throws {
        let twilio = FakeProviderServer()
        try await twilio.run { base in
            try await TestServer.run(on: kind, configure: ChannelTesting.configure) { server in
                let org = try await server.createOrganization()
                let connectionID = try #require(try await Self.connect(server, org, base: base, pace: 1000)["id"] as? String)
                let campaign = try #require(
                    try await server.request(.post, "/v1/campaigns", as: org, json: CampaignBodies.valid).json["id"] as? String)
                let id = try #require(try await start(server, org, campaign: campaign)["id"] as? String)
                _ = try await conversation(server, org, id) { $0["status"] as? String == "ONGOING" }
                let sid = try #require(twilio.received.first?.id)
                let status = "/channels/\(connectionID)/status"
                #expect(
                    try await Self.callback(server, status, ["MessageSid": sid, "MessageStatus": "undelivered", "ErrorCode": "30003"]).status == 200)
                let failed = try await conversation(server, org, id) { $0["status"] as? String == "DELIVERY_FAILED" }
                #expect(failed["status"] as? String == "DELIVERY_FAILED")
                let events = try await server.database.read { sql in
                    try await sql.select().column("event").from("conversation_events").where("conversation_id", .equal, SQLBind(id)).all()
                        .map { try $0.decode(column: "event", as: String.self) }
                }
                #expect(events.contains("START_CONVERSATION_FAILED"))
            }
        }
    }

    @Test("Twilio refusing a number fails the conversation; 503 is tried again; nothing is sent twice", arguments: TestDatabase.available)
    func refusals(kind: TestDatabase) async throws {
        let twilio = FakeProviderServer()
        twilio.script([.status(400), .status(503)])
        try await twilio.run { base in
            try await TestServer.run(on: kind, configure: ChannelTesting.configure) { server in
                let org = try await server.createOrganization()
                _ = try await Self.connect(server, org, base: base, pace: 1000)
                let campaign = try #require(
                    try await server.request(.post, "/v1/campaigns", as: org, json: CampaignBodies.valid).json["id"] as? String)
                let refused = try #require(try await start(server, org, campaign: campaign)["id"] as? String)
                let failed = try await conversation(server, org, refused) { $0["status"] as? String == "DELIVERY_FAILED" }
                #expect(failed["status"] as? String == "DELIVERY_FAILED")

                // 503, then taken on the retry (the worker's first backoff is a couple of seconds).
                let retried = try #require(try await start(server, org, campaign: campaign, phone: "+14155559876")["id"] as? String)
                let ongoing = try await conversation(server, org, retried) { $0["status"] as? String == "ONGOING" }
                #expect(ongoing["status"] as? String == "ONGOING")
                try await server.settle()
                #expect(twilio.received.map { $0.id != nil } == [false, false, true, true])
            }
        }
    }

    @Test("a message interrupted mid-send is never sent again; a person is asked to look", arguments: TestDatabase.available)
    func interruptedSend(kind: TestDatabase) async throws {
        let clock = ManualClock()
        let twilio = FakeProviderServer()
        try await twilio.run { base in
            try await TestServer.run(on: kind, clock: clock.wallClock, configure: ChannelTesting.configure) { server in
                let org = try await server.createOrganization()
                _ = try await Self.connect(server, org, base: base)
                let campaign = try #require(
                    try await server.request(.post, "/v1/campaigns", as: org, json: CampaignBodies.valid).json["id"] as? String)
                let id = try #require(try await start(server, org, campaign: campaign)["id"] as? String)
                try await server.settle()
                #expect(twilio.received.count == 1)
                // As if a worker died between marking the question as being sent and hearing Twilio's answer.
                try await server.database.transaction { sql in
                    try await sql.update("messages").set("send_started_at", to: SQLBind(clock.now.millisecondsSince1970))
                        .where("conversation_id", .equal, SQLBind(id)).where("delivery_status", .equal, SQLBind("QUEUED")).run()
                }
                // Within the job lease the mark is another job's hand-over, still under way: nothing happens.
                clock.advance(by: 1)
                try await server.settle()
                #expect(try await server.request(.get, "/v1/conversations/\(id)", as: org).json["needsReview"] as? Bool == false)
                // Once the lease has run out, the hand-over was interrupted.
                clock.advance(by: 30)
                try await server.settle()
                #expect(twilio.received.count == 1)
                let flagged = try await server.request(.get, "/v1/conversations/\(id)", as: org).json
                #expect(flagged["needsReview"] as? Bool == true)
                let statuses = (try await server.request(.get, "/v1/conversations/\(id)/messages", as: org).json["data"] as? [[String: Any]] ?? [])
                    .compactMap { $0["deliveryStatus"] as? String }
                #expect(statuses == ["SENT", "FAILED"])
            }
        }
    }
}
