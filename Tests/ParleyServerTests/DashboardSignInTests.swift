import Foundation
import HTTPTypes
import ParleyCore
import ParleyServer
import ParleyStore
import ParleyTesting
import Testing

/// The dashboard's accounts over real HTTP: signing in with a CSRF-protected form, the session cookie's flags,
/// throttled failures, signing out, and a session that sees only its own organization.
@Suite("Dashboard sign-in")
struct DashboardSignInTests {
    @Test("sign in, see only your organization's campaigns, sign out", arguments: TestDatabase.available)
    func signInAndOut(kind: TestDatabase) async throws {
        try await TestServer.run(on: kind, configure: { $0.publicURL = "https://parley.example.com" }) { server in
            let org = try await server.createOrganization()
            let other = try await server.createOrganization(name: "Other")
            _ = try await UserRepository(database: server.database).create(
                email: "sam@acme.example", password: DashboardSteps.password, organizationID: org.id, ids: .random, at: Date())
            let mine = try #require(
                try await server.request(.post, "/v1/campaigns", as: org, json: CampaignBodies.body(["campaignTitle": #""Barista""#])).json["id"]
                    as? String)
            _ = try await server.request(.post, "/v1/campaigns", as: other, json: CampaignBodies.body(["campaignTitle": #""Secret role""#]))
            _ = try await start(server, org, campaign: mine)

            #expect(try await server.request(.get, "/campaigns").headers[.location] == "/login", "signed out, the dashboard asks to sign in")
            #expect(!(try await server.request(.get, "/login").body.contains("role=\"alert\"")), "no error before a sign-in was tried")
            let form = try await DashboardSteps.signInForm(server)
            let forged = try await DashboardSteps.postSignIn(
                server, form, email: "sam@acme.example", password: DashboardSteps.password, token: "forged")
            #expect(forged.status == 403 && forged.headers[values: .setCookie].allSatisfy { !$0.hasPrefix("parley_session=") })
            let wrong = try await DashboardSteps.postSignIn(server, form, email: "sam@acme.example", password: "wrong password!")
            #expect(wrong.status == 401 && wrong.body.contains("The email or password is not right."))
            #expect(!wrong.body.contains("wrong password!"))

            let signedIn = try await DashboardSteps.postSignIn(server, form, email: "Sam@Acme.example", password: DashboardSteps.password)
            #expect(signedIn.status == 303 && signedIn.headers[.location] == "/campaigns")
            let setCookie = try #require(signedIn.headers[values: .setCookie].first { $0.hasPrefix("parley_session=") })
            #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Lax") && setCookie.contains("Secure"))
            let session = String(try #require(setCookie.split(separator: ";").first))

            let page = try await server.request(.get, "/campaigns", headers: [.cookie: session])
            #expect(page.status == 200)
            #expect(page.body.contains(">Barista</a>") && !page.body.contains("Secret role"), "only the organization's own campaigns")
            #expect(page.body.contains("CREATED 1") || page.body.contains("ONGOING 1"), "per-status conversation counts")
            let filtered = try await server.request(.get, "/campaigns?status=ARCHIVED", headers: [.cookie: session])
            #expect(filtered.body.contains("No campaigns match."))

            let csrf = try DashboardSteps.csrf(in: page.body)
            let form2: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .cookie: session]
            #expect(try await server.request(.post, "/logout", json: "csrf=forged", headers: form2).status == 403)
            #expect(try await server.request(.get, "/campaigns", headers: [.cookie: session]).status == 200, "a forged sign-out changes nothing")
            let out = try await server.request(.post, "/logout", json: "csrf=\(csrf)", headers: form2)
            #expect(out.status == 303 && out.headers[.location] == "/login")
            #expect(try await server.request(.get, "/campaigns", headers: [.cookie: session]).headers[.location] == "/login")
        }
    }

    @Test("five failed sign-ins make the next wait, even with the right password", arguments: TestDatabase.available)
    func throttled(kind: TestDatabase) async throws {
        let clock = ManualClock()
        try await TestServer.run(on: kind, clock: clock.wallClock) { server in
            let org = try await server.createOrganization()
            _ = try await UserRepository(database: server.database).create(
                email: "sam@acme.example", password: DashboardSteps.password, organizationID: org.id, ids: .random, at: clock.now)
            let form = try await DashboardSteps.signInForm(server)
            for _ in 1...UserRepository.failureLimit {
                #expect(try await DashboardSteps.postSignIn(server, form, email: "sam@acme.example", password: "not the password").status == 401)
            }
            let refused = try await DashboardSteps.postSignIn(server, form, email: "sam@acme.example", password: DashboardSteps.password)
            #expect(refused.status == 429 && refused.headers[.retryAfter] == "900", "\(refused.headers)")
            #expect(refused.body.contains("Too many failed attempts. Try again in 15 minutes."))
            // Unknown emails answer like a wrong password, and are throttled the same way; guesses sent all at once
            // cannot slip under the limit.
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 1...12 {
                    group.addTask {
                        try await DashboardSteps.postSignIn(server, form, email: "nobody@acme.example", password: "guess number x").status
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            // Exactly five get past the count (each then fails, or finds every hashing slot taken); the rest wait.
            #expect(statuses.filter { $0 != 429 }.count == UserRepository.failureLimit, "\(statuses)")
            #expect(statuses.allSatisfy { $0 == 401 || $0 == 429 || $0 == 503 }, "\(statuses)")

            clock.advance(by: UserRepository.failureWindow)
            #expect(try await DashboardSteps.postSignIn(server, form, email: "sam@acme.example", password: DashboardSteps.password).status == 303)
        }
    }
}

extension DashboardSignInTests {
    @Test("a campaign's ownerEmail must be a user of its organization", arguments: TestDatabase.available)
    func ownerEmail(kind: TestDatabase) async throws {
        try await TestServer.run(on: kind) { server in
            let org = try await server.createOrganization()
            let other = try await server.createOrganization(name: "Other")
            let users = UserRepository(database: server.database)
            _ = try await users.create(email: "sam@acme.example", password: DashboardSteps.password, organizationID: org.id, ids: .random, at: Date())
            _ = try await users.create(
                email: "kim@other.example", password: DashboardSteps.password, organizationID: other.id, ids: .random, at: Date())
            let owned = try await server.request(.post, "/v1/campaigns", as: org, json: CampaignBodies.body(["ownerEmail": #""Sam@Acme.example""#]))
            #expect(owned.status == 201, "\(owned.body)")
            let foreign = try await server.request(
                .post, "/v1/campaigns", as: org, json: CampaignBodies.body(["ownerEmail": #""kim@other.example""#]))
            #expect(foreign.error == "ownerEmail: must be the email of a user of the organization")
        }
    }
}

extension DashboardSignInTests {
    @Test("a link opened signed out (a webhook's campaignConversationUrl) opens its page after sign-in; never another host")
    func returnsToTheLinkAfterSignIn() async throws {
        try await TestServer.run(on: .sqlite) { server in
            let org = try await server.createOrganization()
            _ = try await UserRepository(database: server.database).create(
                email: "sam@acme.example", password: DashboardSteps.password, organizationID: org.id, ids: .random, at: Date())
            let campaign = try #require(try await server.request(.post, "/v1/campaigns", as: org, json: CampaignBodies.valid).json["id"] as? String)
            let conversation = try #require(try await start(server, org, campaign: campaign)["id"] as? String)
            let link = "/campaign/outbound/\(campaign)?conversationId=\(conversation)"

            let asked = try await server.request(.get, link)
            #expect(asked.status == 303)
            let location = try #require(asked.headers[.location])
            #expect(location == "/login?next=/campaign/outbound/\(campaign)%3FconversationId%3D\(conversation)")
            let signInPage = try await server.request(.get, location)
            #expect(signInPage.body.contains(#"name="next" value="\#(link)""#))

            let form = try await DashboardSteps.signInForm(server)
            let wrong = try await DashboardSteps.postSignIn(server, form, email: "sam@acme.example", password: "not the password", next: link)
            #expect(wrong.body.contains(#"name="next" value="\#(link)""#), "a failed attempt keeps where to go")
            let signedIn = try await DashboardSteps.postSignIn(server, form, email: "sam@acme.example", password: DashboardSteps.password, next: link)
            #expect(signedIn.status == 303 && signedIn.headers[.location] == link)

            for elsewhere in ["//evil.example/campaigns", "https://evil.example", "/\\evil.example"] {
                let response = try await DashboardSteps.postSignIn(
                    server, form, email: "sam@acme.example", password: DashboardSteps.password, next: elsewhere)
                #expect(response.headers[.location] == "/campaigns", "\(elsewhere)")
            }
        }
    }
}
