import Foundation
import HTTPTypes
import ParleyServer
import ParleyStore
import ParleyTesting
import SQLKit
import Testing

/// `/v1/channel-connections`: the rules a connection must keep, and what the API shows of it.
@Suite("Channel connections API")
struct ChannelConnectionAPITests {
    private static let twilio =
        #"{"channel":"SMS","provider":"TWILIO","sender":"+14155550100","credentials":{"accountSid":"AC0123456789abcdef0123456789abcdef","authToken":"t0ken"}}"#

    @Test(
        "bad connections answer 400 naming the field and the rule, and create nothing",
        arguments: [
            (#"{"channel":"EMAIL","provider":"TWILIO","sender":"jobs@example.com"}"#, "provider: TWILIO does not carry EMAIL"),
            (
                #"{"channel":"SMS","provider":"TWILIO","sender":"0415","credentials":{"accountSid":"AC0123456789abcdef0123456789abcdef","authToken":"t"}}"#,
                "sender: must be an E.164"
            ),
            (
                #"{"channel":"SMS","provider":"TWILIO","sender":"+14155550100","credentials":{"accountSid":"nope","authToken":"t"}}"#,
                "credentials.accountSid: must be a Twilio Account SID"
            ),
            (
                #"{"channel":"SMS","provider":"TWILIO","sender":"+14155550100","credentials":{"authToken":"t"}}"#,
                "credentials.accountSid: is required for TWILIO"
            ),
            (
                #"{"channel":"SMS","provider":"TWILIO","sender":"+14155550100","credentials":{"accountSid":"AC0123456789abcdef0123456789abcdef","authToken":"t","pin":"1"}}"#,
                "credentials.pin: is not a TWILIO credential"
            ),
            (
                #"{"channel":"WHATSAPP","provider":"META","sender":"+14155550100","credentials":{"accessToken":"a","appSecret":"s","verifyToken":"v","phoneNumberId":"1"}}"#,
                "whatsappTemplate: is required for WHATSAPP"
            ),
            (#"{"channel":"EMAIL","provider":"SMTP","sender":"jobs@example.com"}"#, "apiBaseUrl: is required for SMTP"),
            (
                #"{"channel":"EMAIL","provider":"SMTP","sender":"jobs@example.com","apiBaseUrl":"ftp://relay.example.com"}"#,
                "apiBaseUrl: must be smtp://"
            ),
            (
                #"{"channel":"EMAIL","provider":"SMTP","sender":"jobs@example.com","apiBaseUrl":"smtp://10.1.2.3"}"#,
                "apiBaseUrl: must not point at a private address"
            ),
            (
                #"{"channel":"EMAIL","provider":"SMTP","sender":"jobs@example.com","apiBaseUrl":"smtps://relay.example.com","credentials":{"username":"u"}}"#,
                "credentials: must give both username and password"
            ),
            (
                #"{"channel":"SMS","provider":"TWILIO","sender":"+14155550100","apiBaseUrl":"http://api.twilio.example","credentials":{"accountSid":"AC0123456789abcdef0123456789abcdef","authToken":"t"}}"#,
                "apiBaseUrl: must be an https URL"
            ),
            (
                #"{"channel":"SMS","provider":"TWILIO","sender":"+14155550100","messagesPerSecond":0,"credentials":{"accountSid":"AC0123456789abcdef0123456789abcdef","authToken":"t"}}"#,
                "messagesPerSecond: must be between"
            ),
            (#"{"channel":"FAX","provider":"TWILIO","sender":"+14155550100"}"#, "channel"),
            (
                #"{"channel":"WHATSAPP","provider":"TWILIO","sender":"+14155550100","whatsappTemplate":{"name":"opening"},"credentials":{"accountSid":"AC0123456789abcdef0123456789abcdef","authToken":"t"}}"#,
                "whatsappTemplate.name: must be the Content SID"
            ),
        ])
    func rejected(body: String, error: String) async throws {
        try await TestServer.run(on: .sqlite) { server in
            let org = try await server.createOrganization()
            let response = try await server.request(.post, "/v1/channel-connections", as: org, json: body)
            #expect(response.status == 400)
            #expect(response.error?.contains(error) == true, "\(response.body)")
            #expect((try await server.request(.get, "/v1/channel-connections", as: org).json["data"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("one connection per channel; credentials are never shown; update and delete; another organization sees nothing")
    func lifecycle() async throws {
        try await TestServer.run(on: .sqlite) { server in
            let org = try await server.createOrganization()
            let created = try await server.request(.post, "/v1/channel-connections", as: org, json: Self.twilio)
            #expect(created.status == 201)
            #expect(!created.body.contains("t0ken"))
            #expect(created.json["apiBaseUrl"] as? String == "https://api.twilio.com")
            #expect(created.json["messagesPerSecond"] as? Double == 1)
            let id = try #require(created.json["id"] as? String)
            let again = try await server.request(.post, "/v1/channel-connections", as: org, json: Self.twilio)
            #expect(again.status == 409)
            #expect(again.error?.contains(id) == true)

            let updated = try await server.request(
                .patch, "/v1/channel-connections/\(id)", as: org, json: #"{"messagesPerSecond":10,"sender":"+14155550199"}"#)
            #expect(updated.status == 200)
            #expect(updated.json["messagesPerSecond"] as? Double == 10)
            #expect(updated.json["sender"] as? String == "+14155550199")
            let partial = try await server.request(.patch, "/v1/channel-connections/\(id)", as: org, json: #"{"credentials":{"authToken":"x"}}"#)
            #expect(partial.status == 400)
            #expect(partial.error?.contains("credentials.accountSid: is required") == true)

            let other = try await server.createOrganization(name: "Other")
            #expect(try await server.request(.get, "/v1/channel-connections/\(id)", as: other).status == 404)
            #expect(try await server.request(.delete, "/v1/channel-connections/\(id)", as: other).status == 404)
            let stored = try await server.database.read { sql in try await sql.raw("SELECT credentials FROM channel_connections").all() }
            #expect(try stored.allSatisfy { !(try $0.decode(column: "credentials", as: String.self)).contains("t0ken") })

            #expect(try await server.request(.delete, "/v1/channel-connections/\(id)", as: org).status == 204)
            #expect(try await server.request(.post, "/channels/\(id)/inbound", json: "From=%2B1").status == 404)
            #expect(try await server.request(.get, "/v1/channel-connections/\(id)", as: org).status == 404)
        }
    }
}
