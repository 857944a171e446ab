import Foundation
import HTTPTypes
import ParleyCore
import ParleyServer
import ParleyTesting
import Testing

/// `/settings` over real HTTP: users added, an API key created (shown once, working) and revoked, business
/// hours saved or refused with the rule, and the webhooks' delivery log.
@Suite("Dashboard settings")
struct DashboardSettingsTests {
    @Test("add a user, create and revoke an API key, save business hours, read the delivery log", arguments: TestDatabase.available)
    func settings(kind: TestDatabase) async throws {
        try await TestServer.run(on: kind, configure: { $0.allowPrivateWebhookTargets = true }) { server in
            let org = try await server.createOrganization()
            let session = try await DashboardSteps.signedIn(server, org)
            let page = try await server.request(.get, "/settings", headers: [.cookie: session])
            #expect(page.status == 200 && page.body.contains("sam@acme.example"))
            let csrf = try DashboardSteps.csrf(in: page.body)

            #expect(try await DashboardSteps.post(server, "/settings/users", session: session, fields: [("csrf", "forged")]).status == 403)
            let short = try await DashboardSteps.post(
                server, "/settings/users", session: session, fields: [("csrf", csrf), ("email", "lee@acme.example"), ("password", "short")])
            #expect(short.status == 400 && short.body.contains("password: must be 10 to 200 characters"))
            let added = try await DashboardSteps.post(
                server, "/settings/users", session: session,
                fields: [("csrf", csrf), ("email", "lee@acme.example"), ("password", DashboardSteps.password)])
            #expect(added.body.contains("lee@acme.example can sign in now."))
            let lee = try await DashboardSteps.postSignIn(
                server, try await DashboardSteps.signInForm(server), email: "lee@acme.example", password: DashboardSteps.password)
            #expect(lee.status == 303)

            let created = try await DashboardSteps.post(server, "/settings/api-keys", session: session, fields: [("csrf", csrf), ("name", "ats")])
            let key = String(try #require(created.body.firstMatch(of: /id="new-key" readonly value="(prly_[^"]+)"/)).1)
            let keyed = TestOrganization(id: org.id, apiKey: key)
            #expect(try await server.request(.get, "/v1/campaigns", as: keyed).status == 200, "the new key works")
            let again = try await server.request(.get, "/settings", headers: [.cookie: session])
            #expect(!again.body.contains(key), "a key is shown once")
            let prefix = String(key.split(separator: "_").prefix(2).joined(separator: "_"))
            let unknown = try await DashboardSteps.post(
                server, "/settings/api-keys/revoke", session: session, fields: [("csrf", csrf), ("prefix", "prly_00000000")])
            #expect(unknown.status == 400 && unknown.body.contains("prefix: no key of the organization has this prefix"))
            let revoked = try await DashboardSteps.post(
                server, "/settings/api-keys/revoke", session: session, fields: [("csrf", csrf), ("prefix", prefix)])
            #expect(revoked.status == 200 && revoked.body.contains("The key is revoked"))
            #expect(try await server.request(.get, "/v1/campaigns", as: keyed).status == 401, "a revoked key stops working")

            let badHours = try await DashboardSteps.post(
                server, "/settings/business-hours", session: session,
                fields: [("csrf", csrf), ("day.MON", "on"), ("start", "18:00"), ("end", "09:00")])
            #expect(badHours.status == 400 && badHours.body.contains("businessHours.end: must be after start"))
            _ = try await DashboardSteps.post(
                server, "/settings/business-hours", session: session,
                fields: [("csrf", csrf), ("day.SAT", "on"), ("day.SUN", "on"), ("start", "10:00"), ("end", "14:00")])
            let config = try await server.request(.get, "/v1/organization/config", as: org)
            #expect(config.body.contains("\"SAT\"") && config.body.contains("10:00") && !config.body.contains("\"MON\""), "\(config.body)")

            try await WebhookReceiver.run { receiver in
                let webhook = #"{"url":"\#(receiver.baseURL)/hook","events":["CONVERSATION_STARTED"]}"#
                #expect(try await server.request(.post, "/v1/webhooks", as: org, json: webhook).status == 201)
                let campaign = try #require(
                    try await server.request(.post, "/v1/campaigns", as: org, json: CampaignBodies.body()).json["id"] as? String)
                _ = try await start(server, org, campaign: campaign)
                try await server.settle()
            }
            let log = try await server.request(.get, "/settings", headers: [.cookie: session]).body
            #expect(log.contains("<td>CONVERSATION_STARTED</td><td>SUCCEEDED</td><td>1</td><td>200</td>"), "\(log)")
        }
    }
}
