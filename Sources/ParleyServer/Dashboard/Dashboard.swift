import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Mustache
import NIOCore
import ParleyChannels
import ParleyCore
import ParleyStore

/// The recruiter dashboard, served by the same binary: sign-in (`/login`), sign-out and the campaign list. Pages
/// are rendered on the server (``DashboardTemplates``); a session sees only its own organization. Every form carries
/// a CSRF token: the session's once signed in, a cookie's twin on the sign-in form.
struct Dashboard: Sendable {
    let database: Database
    let library: MustacheLibrary
    let cookies: DashboardCookies
    let ids: IDGenerator
    /// Whether a language model is configured, so new campaigns default to the LLM agent as through the API.
    let modelConfigured: Bool
    let clock: WallClock
    let logger: Logger

    init(database: Database, publicURL: String, ids: IDGenerator, modelConfigured: Bool, clock: WallClock, logger: Logger) throws {
        self.ids = ids
        self.modelConfigured = modelConfigured
        self.database = database
        self.library = try DashboardTemplates.library()
        self.cookies = DashboardCookies(secure: publicURL.lowercased().hasPrefix("https://"))
        self.clock = clock
        self.logger = logger
    }

    func register<Context: RequestContext>(on router: Router<Context>) {
        router.get("/") { _, _ in Self.redirect(to: "/campaigns") }
        router.get("/login") { request, _ in signInPage(request) }
        router.post("/login") { request, _ in try await signIn(request) }
        router.post("/logout") { request, _ in try await signOut(request) }
        router.get("/campaigns") { request, _ in try await campaignsPage(request) }
        registerCampaignPages(on: router)
        registerCampaignForm(on: router)
        registerSettings(on: router)
    }

    var users: UserRepository { UserRepository(database: database) }

    // MARK: Signing in and out

    private func signInPage(
        _ request: Request, email: String = "", next: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok
    ) -> Response {
        // The form's token is the twin of a cookie: a page elsewhere can post the form but cannot read or set the cookie.
        let csrf = DashboardCookies.value(DashboardCookies.signInCSRF, in: request.headers) ?? UserRepository.randomToken()
        var values: [String: Any] = ["title": "Sign in", "csrf": csrf, "email": email]
        if let next = (next ?? request.uri.queryParameters["next"].map(String.init)).flatMap(Self.returnPath) { values["next"] = next }
        // Mustache treats an empty string as present: a missing value is left out instead.
        if let error { values["error"] = error }
        var response = page("sign-in", values, status: status)
        response.headers.append(HTTPField(name: .setCookie, value: cookies.setCookie(DashboardCookies.signInCSRF, csrf, maxAge: 3_600)))
        return response
    }

    private func signIn(_ request: Request) async throws -> Response {
        let form = try await Self.form(request)
        guard let expected = DashboardCookies.value(DashboardCookies.signInCSRF, in: request.headers), let sent = form["csrf"],
            ConstantTime.equal(Array(expected.utf8), Array(sent.utf8))
        else {
            return signInPage(request, error: "Your sign-in form expired. Please try again.", status: .forbidden)
        }
        let email = form["email"] ?? ""
        let next = form["next"].flatMap(Self.returnPath)
        do {
            let (token, session) = try await users.signIn(email: email, password: form["password"] ?? "", at: clock.now())
            logger.info("a user signed in", metadata: ["parley.user": "\(session.user.id)"])
            var response = Self.redirect(to: next ?? Self.landingPage)
            let maxAge = Int(UserRepository.sessionLifetime)
            response.headers.append(HTTPField(name: .setCookie, value: cookies.setCookie(DashboardCookies.session, token, maxAge: maxAge)))
            return response
        } catch UserRepository.SignInError.wrongCredentials {
            return signInPage(request, email: email, next: next, error: "The email or password is not right.", status: .unauthorized)
        } catch is PasswordHash.Busy {
            var response = signInPage(
                request, email: email, next: next, error: "Too many sign-ins right now. Please try again in a moment.", status: .serviceUnavailable)
            response.headers[.retryAfter] = "1"
            return response
        } catch UserRepository.SignInError.throttled(let retryAfter) {
            let minutes = (retryAfter + 59) / 60
            var response = signInPage(
                request, email: email, next: next, error: "Too many failed attempts. Try again in \(minutes) minute\(minutes == 1 ? "" : "s").",
                status: .tooManyRequests)
            response.headers[.retryAfter] = "\(retryAfter)"
            return response
        }
    }

    private func signOut(_ request: Request) async throws -> Response {
        let form = try await Self.form(request)
        guard let token = DashboardCookies.value(DashboardCookies.session, in: request.headers),
            let session = try await users.session(token: token, at: clock.now())
        else { return Self.redirect(to: "/login") }
        guard let sent = form["csrf"], ConstantTime.equal(Array(session.csrfToken.utf8), Array(sent.utf8)) else {
            return Response(status: .forbidden)
        }
        try await users.endSession(token: token)
        var response = Self.redirect(to: "/login")
        response.headers.append(HTTPField(name: .setCookie, value: cookies.setCookie(DashboardCookies.session, "", maxAge: 0)))
        return response
    }

    /// The signed-in session, or `nil` (the page then sends the visitor to sign in).
    func session(_ request: Request) async throws -> UserRepository.Session? {
        guard let token = DashboardCookies.value(DashboardCookies.session, in: request.headers) else { return nil }
        return try await users.session(token: token, at: clock.now())
    }

    // MARK: Pages

    private func campaignsPage(_ request: Request) async throws -> Response {
        guard let session = try await session(request) else { return Self.signInRedirect(request) }
        let query = request.uri.queryParameters
        let filter = CampaignFilter(
            status: query["status"].flatMap { CampaignStatus(rawValue: String($0)) },
            type: query["type"].flatMap { CampaignType(rawValue: String($0)) },
            channel: query["channel"].flatMap { Channel(rawValue: String($0)) })
        let organizationID = session.user.organizationID
        let listed = try await CampaignRepository(database: database).list(organizationID: organizationID, filter: filter, limit: 200, nextToken: nil)
        let counts = try await ConversationRepository(database: database).statusCounts(
            organizationID: organizationID, campaigns: listed.items.map(\.id))
        let rows: [[String: Any]] = listed.items.map { campaign in
            let perStatus = ConversationStatus.allCases.compactMap { status in counts[campaign.id]?[status].map { "\(status.rawValue) \($0)" } }
            return [
                "id": campaign.id.uuidString, "title": campaign.settings.title, "type": campaign.settings.type.rawValue,
                "channel": campaign.settings.channel.rawValue, "status": campaign.settings.status.rawValue,
                "counts": perStatus.isEmpty ? "none yet" : perStatus.joined(separator: " · "),
            ]
        }
        let values: [String: Any] = [
            "title": "Campaigns", "campaigns": rows, "hasCampaigns": !rows.isEmpty,
            "campaignCount": rows.count == 1 ? "1 campaign" : "\(rows.count) campaigns",
            "statuses": Self.options(CampaignStatus.allCases.map(\.rawValue), selected: filter.status?.rawValue, all: "Any status"),
            "types": Self.options(CampaignType.allCases.map(\.rawValue), selected: filter.type?.rawValue, all: "Any type"),
            "channels": Self.options(Channel.allCases.map(\.rawValue), selected: filter.channel?.rawValue, all: "Any channel"),
        ]
        return page("campaigns", signedIn(session).merging(values) { $1 })
    }

    /// What the layout shows for a signed-in user: their email and the sign-out form's token.
    func signedIn(_ session: UserRepository.Session) -> [String: Any] {
        ["signedIn": true, "email": session.user.email, "csrf": session.csrfToken]
    }

    // MARK: Helpers

    /// A rendered page with the dashboard's security headers; `scriptNonce` lets the page's own inline script run.
    func page(_ template: String, _ values: [String: Any], status: HTTPResponse.Status = .ok, scriptNonce: String? = nil) -> Response {
        let html = library.render(values, withTemplate: template) ?? ""
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"]
        let script = scriptNonce.map { "; script-src 'nonce-\($0)'; connect-src 'self'" } ?? ""
        headers[.contentSecurityPolicy] =
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'" + script
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    static func redirect(to path: String) -> Response {
        Response(status: .seeOther, headers: [.location: path])
    }

    /// Where a recruiter lands after signing in, unless they were on their way to another page.
    static let landingPage = "/campaigns"

    /// Sends a signed-out visitor to sign in and, for a page they opened (a link in a webhook, say), back to it afterwards.
    static func signInRedirect(_ request: Request) -> Response {
        let target = request.uri.path + (request.uri.query.map { "?\($0)" } ?? "")
        guard request.method == .get, target != landingPage, let target = returnPath(target),
            let encoded = target.addingPercentEncoding(withAllowedCharacters: returnPathCharacters)
        else { return redirect(to: "/login") }
        return redirect(to: "/login?next=\(encoded)")
    }

    /// `path` when it is a path on this server (never another host: no `//`, backslash or control character).
    static func returnPath(_ path: String) -> String? {
        guard path.hasPrefix("/"), !path.hasPrefix("//"), !path.contains("\\"),
            !path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
        else { return nil }
        return path
    }

    private static let returnPathCharacters = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~/"))

    static func options(_ values: [String], selected: String?, all: String) -> [[String: Any]] {
        [["value": "", "label": all, "selected": selected == nil]] + values.map { ["value": $0, "label": $0, "selected": $0 == selected] }
    }

    /// The largest form body read: a campaign at the API's limits fits.
    static let formLimit = 1024 * 1024

    /// The posted form's fields (URL-encoded, at most ``formLimit``).
    static func form(_ request: Request) async throws -> [String: String] {
        let body = String(buffer: try await request.body.collect(upTo: formLimit))
        var fields: [String: String] = [:]
        for field in FormURLEncoding.decode(body) where fields[field.name] == nil { fields[field.name] = field.value }
        return fields
    }
}
