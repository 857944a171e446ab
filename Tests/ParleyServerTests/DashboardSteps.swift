import Foundation
import HTTPTypes
import ParleyCore
import ParleyStore
import ParleyTesting
import Testing

/// Steps of the dashboard over HTTP, as a browser takes them: the sign-in form's cookie and token, signing in,
/// and posting forms with the session's CSRF token.
enum DashboardSteps {
    static let password = "correct horse battery staple"

    /// The sign-in form's CSRF cookie and hidden field.
    struct SignInForm {
        var cookie: String
        var token: String
    }

    static func signInForm(_ server: TestServer) async throws -> SignInForm {
        let page = try await server.request(.get, "/login")
        #expect(page.status == 200)
        let setCookie = try #require(page.headers[values: .setCookie].first { $0.hasPrefix("parley_csrf=") })
        let cookie = String(try #require(setCookie.split(separator: ";").first))
        return SignInForm(cookie: cookie, token: try csrf(in: page.body))
    }

    static func postSignIn(
        _ server: TestServer, _ form: SignInForm, email: String, password: String, token: String? = nil, next: String? = nil
    ) async throws -> TestHTTPResponse {
        var body = "csrf=\(token ?? form.token)&email=\(encoded(email))&password=\(encoded(password))"
        if let next { body += "&next=\(encoded(next))" }
        return try await server.request(.post, "/login", json: body, headers: [.contentType: formType, .cookie: form.cookie])
    }

    /// A new user of `org`, signed in; their session cookie (`parley_session=…`).
    static func signedIn(_ server: TestServer, _ org: TestOrganization, email: String = "sam@acme.example") async throws -> String {
        _ = try await UserRepository(database: server.database).create(
            email: email, password: password, organizationID: org.id, ids: .random, at: Date())
        let response = try await postSignIn(server, try await signInForm(server), email: email, password: password)
        let setCookie = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("parley_session=") })
        return String(try #require(setCookie.split(separator: ";").first))
    }

    /// Posts a form as the signed-in user.
    static func post(_ server: TestServer, _ path: String, session: String, fields: [(String, String)]) async throws -> TestHTTPResponse {
        let body = fields.map { "\($0.0)=\(encoded($0.1))" }.joined(separator: "&")
        return try await server.request(.post, path, json: body, headers: [.contentType: formType, .cookie: session])
    }

    /// The first form's CSRF token on a page.
    static func csrf(in html: String) throws -> String {
        String(try #require(html.firstMatch(of: /name="csrf" value="([^"]+)"/)).1)
    }

    private static let formType = "application/x-www-form-urlencoded"

    private static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }
}
