import Foundation
import HTTPTypes

/// The dashboard's cookies: the session (`parley_session`) and the sign-in form's CSRF token (`parley_csrf`). Both
/// are `HttpOnly` and `SameSite=Lax`, and `Secure` when the server's public URL is https.
struct DashboardCookies: Sendable {
    static let session = "parley_session"
    static let signInCSRF = "parley_csrf"

    /// Whether cookies are marked `Secure` (the server is reached over https).
    let secure: Bool

    /// A `Set-Cookie` value for `name`, kept for `maxAge` seconds (0 removes it).
    func setCookie(_ name: String, _ value: String, maxAge: Int) -> String {
        "\(name)=\(value); Path=/; Max-Age=\(maxAge); HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "")
    }

    /// The value of cookie `name` in the request's `Cookie` headers.
    static func value(_ name: String, in headers: HTTPFields) -> String? {
        for header in headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let parts = pair.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0] == name { return String(parts[1]) }
            }
        }
        return nil
    }
}
