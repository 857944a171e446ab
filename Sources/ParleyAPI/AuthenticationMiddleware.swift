import HTTPTypes
package import Hummingbird
import Logging
package import ParleyCore
package import ParleyStore

/// Authenticates every `/v1` request by its `x-api-key` and `x-organization-id` headers and binds the
/// organization to ``RequestOrganization/current`` while the request is handled.
///
/// A missing header, an unknown, expired or revoked key, and a key of another organization all answer the same
/// 401, so a caller learns nothing about which keys or organizations exist.
package struct AuthenticationMiddleware<Context: RequestContext>: RouterMiddleware {
    private let keys: APIKeyRepository
    private let clock: WallClock

    package init(keys: APIKeyRepository, clock: WallClock) {
        self.keys = keys
        self.clock = clock
    }

    package func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.uri.path.hasPrefix("/v1/") || request.uri.path == "/v1" else {
            return try await next(request, context)
        }
        guard
            let presented = request.headers[.apiKey],
            let organizationText = request.headers[.organizationID],
            let organizationID = Organization.ID(uuidString: organizationText),
            try await keys.authenticate(presented: presented, organizationID: organizationID, at: clock.now())
        else {
            throw APIError.unauthorized
        }
        var context = context
        context.logger[metadataKey: "parley.organization.id"] = "\(organizationID)"
        return try await RequestOrganization.$current.withValue(organizationID) {
            try await next(request, context)
        }
    }
}

extension HTTPField.Name {
    /// `x-api-key`: the secret API key.
    static let apiKey = HTTPField.Name("x-api-key")!
    /// `x-organization-id`: the organization the key must belong to.
    static let organizationID = HTTPField.Name("x-organization-id")!
}
