import Foundation
import HTTPTypes
import ParleyServer
import ParleyTesting
import Testing

/// Email end to end: the server sends through a real SMTP server on loopback (Python's aiosmtpd), and replies
/// come back the way an inbound-parse service (SendGrid's format) posts them.
@Suite("Email channel")
struct EmailChannelTests {
    private static func startEmail(_ server: TestServer, _ org: TestOrganization, campaign: String, email: String) async throws -> String {
        let body = #"{"campaignId":"\#(campaign)","firstName":"Ada","emailAddress":"\#(email)"}"#
        let started = try await server.request(.post, "/v1/conversations", as: org, json: body)
        #expect(started.status == 201, "\(started.body)")
        return try #require(started.json["id"] as? String)
    }

    /// A SendGrid Inbound Parse post.
    private static func sendGridPost(_ server: TestServer, _ path: String, fields: [(String, String)]) async throws -> Int {
        let boundary = "xYzZY"
        let body =
            fields.map { "--\(boundary)\r\nContent-Disposition: form-data; name=\"\($0.0)\"\r\n\r\n\($0.1)\r\n" }.joined() + "--\(boundary)--\r\n"
        return try await server.request(.post, path, json: body, headers: [.contentType: "multipart/form-data; boundary=\(boundary)"]).status
    }

    @Test("a whole screening by email: threaded, with a reply address and one-click unsubscribe", arguments: TestDatabase.available)
    func screening(kind: TestDatabase) async throws {
        let sink = try await SMTPSink()
        defer { sink.stop() }
        try await TestServer.run(on: kind, configure: ChannelTesting.configure) { server in
            let org = try await server.createOrganization(name: "Acme Recruiting")
            let connection = #"""
                {"channel":"EMAIL","provider":"SMTP","sender":"jobs@acme.example","apiBaseUrl":"smtp://127.0.0.1:\#(sink.port)","messagesPerSecond":1000,
                 "credentials":{"username":"\#(SMTPSink.username)","password":"\#(SMTPSink.password)"}}
                """#
            let created = try await server.request(.post, "/v1/channel-connections", as: org, json: connection)
            #expect(created.status == 201, "\(created.body)")
            let inboundURL = try #require(created.json["inboundUrl"] as? String)
            #expect(inboundURL.contains("?token="))
            let inbound = String(inboundURL.dropFirst(ChannelTesting.publicURL.count))

            let body = CampaignBodies.body(["channel": #""EMAIL""#])
            let campaign = try #require(try await server.request(.post, "/v1/campaigns", as: org, json: body).json["id"] as? String)
            let id = try await Self.startEmail(server, org, campaign: campaign, email: "ada@example.org")
            _ = try await conversation(server, org, id) { $0["status"] as? String == "ONGOING" }
            try await server.settle()
            let opening = try sink.received()
            try #require(opening.count == 2)
            #expect(opening[0].authLogin == SMTPSink.username)
            #expect(opening[0].mailFrom == "jobs@acme.example")
            #expect(opening[0].rcptTos == ["ada@example.org"])
            let hex = id.lowercased().replacingOccurrences(of: "-", with: "")
            #expect(opening[0].headers["Reply-To"] == "jobs+r\(hex)@acme.example")
            #expect(opening[0].headers["Subject"] == "Barista at Acme Recruiting")
            #expect(opening[1].headers["Subject"] == "Re: Barista at Acme Recruiting")
            let firstID = try #require(opening[0].headers["Message-ID"])
            #expect(opening[1].headers["In-Reply-To"] == firstID)
            #expect(opening[1].headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click")
            let unsubscribe = try #require(opening[1].headers["List-Unsubscribe"])
            #expect(unsubscribe.hasPrefix("<\(ChannelTesting.publicURL)/unsubscribe/"))
            #expect(opening[1].body.hasPrefix("Can you work weekends?"))

            // A wrong token stores nothing; the reply with its quoted history keeps only what is new.
            let reply: [(String, String)] = [
                ("headers", "Message-ID: <reply-1@example.org>\nIn-Reply-To: \(firstID)\nSubject: Re: Barista at Acme Recruiting"),
                ("from", "Ada <ada@example.org>"), ("to", "jobs+r\(hex)@acme.example"), ("subject", "Re: Barista at Acme Recruiting"),
                (
                    "text",
                    "Yes, every weekend.\n\nOn Tue, 3 Mar 2026 at 10:00, Acme Recruiting <jobs@acme.example> wrote:\n> Can you work weekends?\n"
                ),
                ("envelope", #"{"to":["jobs+r\#(hex)@acme.example"],"from":"ada@example.org"}"#),
            ]
            // An email that does not answer a conversation's own address (a forged From is easy) is not a reply.
            var untagged = reply.filter { $0.0 != "envelope" && $0.0 != "to" && $0.0 != "headers" }
            untagged += [("to", "jobs@acme.example"), ("headers", "Message-ID: <fresh@example.org>")]
            #expect(try await Self.sendGridPost(server, inbound, fields: untagged) == 200)
            let forged = inbound.replacingOccurrences(of: "token=", with: "token=0")
            #expect(try await Self.sendGridPost(server, forged, fields: reply) == 403)
            #expect(try await Self.sendGridPost(server, inbound, fields: reply) == 200)
            #expect(try await Self.sendGridPost(server, inbound, fields: reply) == 200)
            let passed = try await conversation(server, org, id) { $0["status"] as? String == "COMPLETED_SCREENING_PASSED" }
            #expect(passed["status"] as? String == "COMPLETED_SCREENING_PASSED")
            try await server.settle()
            let messages = try await server.request(.get, "/v1/conversations/\(id)/messages", as: org).json["data"] as? [[String: Any]] ?? []
            #expect(messages.filter { $0["role"] as? String == "CANDIDATE" }.compactMap { $0["content"] as? String } == ["Yes, every weekend."])
            let closing = try #require(try sink.received().last)
            #expect(try sink.received().count == 3)
            #expect(closing.body.contains("https://cal.example.com/acme/intro"))
            #expect(closing.headers["References"]?.contains(firstID) == true)

            // One-click unsubscribe: GET only asks; POST opts the candidate out.
            let second = try await Self.startEmail(server, org, campaign: campaign, email: "grace@example.org")
            _ = try await conversation(server, org, second) { $0["status"] as? String == "ONGOING" }
            try await server.settle()
            let link = try #require(try sink.received().last?.headers["List-Unsubscribe"]).dropFirst(ChannelTesting.publicURL.count + 1).dropLast()
            #expect(link.contains(second.lowercased()))
            let page = try await server.request(.get, String(link))
            #expect(page.status == 200)
            #expect(page.body.contains("<form method=\"post\">"))
            #expect(try await server.request(.get, "/v1/conversations/\(second)", as: org).json["status"] as? String == "ONGOING")
            let oneClick = try await server.request(
                .post, String(link), json: "List-Unsubscribe=One-Click", headers: [.contentType: "application/x-www-form-urlencoded"]
            )
            #expect(oneClick.status == 200)
            #expect(try await server.request(.get, "/v1/conversations/\(second)", as: org).json["status"] as? String == "OPTED_OUT")
            // The token altered in its last digit (whatever that digit was) opens nothing.
            let altered = String(link.dropLast()) + (link.hasSuffix("0") ? "1" : "0")
            #expect(try await server.request(.post, altered).status == 404)
        }
    }
}
