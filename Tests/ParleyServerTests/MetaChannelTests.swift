import Foundation
import HTTPTypes
import ParleyServer
import ParleyTesting
import Testing

/// WhatsApp through Meta's Cloud API end to end: a fake Graph API on loopback takes the messages; callbacks are
/// signed with the app secret as Meta signs them.
@Suite("WhatsApp Cloud API channel")
struct MetaChannelTests {
    static let appSecret = "meta-app-secret"

    private static func notify(_ server: TestServer, _ path: String, _ value: String, signature: String? = nil) async throws -> Int {
        let body = #"{"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages","value":\#(value)}]}]}"#
        let signed = if let signature { signature } else { try await ProviderSigner.meta(body: body, appSecret: appSecret) }
        return try await server.request(.post, path, json: body, headers: [HTTPField.Name("X-Hub-Signature-256")!: signed]).status
    }

    private static func message(id: String, text: String) -> String {
        #"""
        {"messaging_product":"whatsapp","metadata":{"display_phone_number":"14155550100","phone_number_id":"1234567890"},
         "contacts":[{"profile":{"name":"Ada"},"wa_id":"14155551234"}],
         "messages":[{"from":"14155551234","id":"\#(id)","timestamp":"1800000000","type":"text","text":{"body":"\#(text)"}}]}
        """#
    }

    @Test("a whole screening over WhatsApp: a template opens, free text answers inside the window", arguments: TestDatabase.available)
    func screening(kind: TestDatabase) async throws {
        let meta = FakeProviderServer()
        try await meta.run { base in
            try await TestServer.run(on: kind, configure: ChannelTesting.configure) { server in
                let org = try await server.createOrganization()
                let body = #"""
                    {"channel":"WHATSAPP","provider":"META","sender":"+14155550100","apiBaseUrl":"\#(base)/v21.0","messagesPerSecond":1000,
                     "whatsappTemplate":{"name":"screening_opening","language":"en_US"},
                     "credentials":{"accessToken":"meta-token","appSecret":"\#(Self.appSecret)","verifyToken":"verify-me","phoneNumberId":"1234567890"}}
                    """#
                let created = try await server.request(.post, "/v1/channel-connections", as: org, json: body)
                #expect(created.status == 201, "\(created.body)")
                let connectionID = try #require(created.json["id"] as? String)
                let path = "/channels/\(connectionID)/inbound"
                #expect(created.json["statusCallbackUrl"] as? String == ChannelTesting.publicURL + path)

                // Meta's subscription handshake.
                let handshake = try await server.request(.get, path + "?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444")
                #expect(handshake.status == 200)
                #expect(handshake.body == "1158201444")
                #expect(try await server.request(.get, path + "?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1").status == 403)

                let campaign = try #require(
                    try await server.request(.post, "/v1/campaigns", as: org, json: CampaignBodies.body(["channel": #""WHATSAPP""#])).json["id"]
                        as? String)
                let id = try #require(try await start(server, org, campaign: campaign)["id"] as? String)
                _ = try await conversation(server, org, id) { $0["status"] as? String == "ONGOING" }
                try await server.settle()
                let opening = meta.received
                try #require(opening.count == 2)
                #expect(opening[0].path == "/v21.0/1234567890/messages")
                #expect(opening[0].authorization == "Bearer meta-token")
                #expect(opening[0].json["to"] as? String == "14155551234")
                // Before the candidate writes, every message is the template, carrying the text.
                #expect(opening.allSatisfy { $0.json["type"] as? String == "template" })
                let template = opening[1].json["template"] as? [String: any Sendable]
                #expect(template?["name"] as? String == "screening_opening")
                let components = template?["components"] as? [any Sendable]
                let parameters = (components?.first as? [String: any Sendable])?["parameters"] as? [any Sendable]
                #expect((parameters?.first as? [String: any Sendable])?["text"] as? String == "Can you work weekends?")

                // A status event, a wrongly signed message, then the same message twice.
                let wamid = try #require(opening[0].id)
                let delivered =
                    #"{"messaging_product":"whatsapp","metadata":{"display_phone_number":"14155550100","phone_number_id":"1234567890"},"#
                    + #""statuses":[{"id":"\#(wamid)","status":"delivered","timestamp":"1800000001","recipient_id":"14155551234"}]}"#
                #expect(try await Self.notify(server, path, delivered) == 200)
                // The same app's other numbers are not this connection's.
                let otherNumber = Self.message(id: "wamid.other", text: "no").replacingOccurrences(of: "1234567890", with: "999")
                #expect(try await Self.notify(server, path, otherNumber) == 200)
                #expect(try await Self.notify(server, path, Self.message(id: "wamid.reply1", text: "yes"), signature: "sha256=00") == 403)
                #expect(try await Self.notify(server, path, Self.message(id: "wamid.reply1", text: "yes")) == 200)
                #expect(try await Self.notify(server, path, Self.message(id: "wamid.reply1", text: "yes")) == 200)
                let passed = try await conversation(server, org, id) { $0["status"] as? String == "COMPLETED_SCREENING_PASSED" }
                #expect(passed["status"] as? String == "COMPLETED_SCREENING_PASSED")
                try await server.settle()
                let messages = try await server.request(.get, "/v1/conversations/\(id)/messages", as: org).json["data"] as? [[String: Any]] ?? []
                #expect(messages.filter { $0["role"] as? String == "CANDIDATE" }.count == 1)
                #expect(messages.first?["deliveryStatus"] as? String == "DELIVERED")
                // Inside the 24 hours the candidate opened, the closing goes as free text.
                let closing = try #require(meta.received.last)
                #expect(meta.received.count == 3)
                #expect(closing.json["type"] as? String == "text")
                #expect(
                    ((closing.json["text"] as? [String: any Sendable])?["body"] as? String)?.contains("https://cal.example.com/acme/intro") == true)
            }
        }
    }
}
