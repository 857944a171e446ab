import Foundation
package import Hummingbird
package import ParleyCore
import ParleyStore

/// Refuses `/v1` requests beyond the limits of their API key or organization with 429 and `Retry-After` (whole
/// seconds). Runs after ``AuthenticationMiddleware``, so only authenticated requests count.
package struct RateLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    private let limiter: RateLimiter
    private let clock: WallClock

    package init(limiter: RateLimiter, clock: WallClock) {
        self.limiter = limiter
        self.clock = clock
    }

    package func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard
            let organizationID = RequestOrganization.current,
            let key = request.headers[.apiKey].flatMap(APIKeyMaterial.prefix(of:))
        else {
            return try await next(request, context)
        }
        switch limiter.admit(key: key, organization: organizationID.uuidString, at: clock.now()) {
        case .allowed:
            return try await next(request, context)
        case .limited(let subject, let limit, let retryAfter):
            let seconds = max(1, Int(retryAfter.rounded(.up)))
            let field = subject == .key ? "x-api-key" : "x-organization-id"
            let whose = subject == .key ? "this API key" : "this organization's keys together"
            let error = APIError(
                .tooManyRequests,
                "\(field): \(whose) may make \(Self.format(limit.perSecond)) requests a second (bursts of \(Self.format(limit.burst))); "
                    + "retry after \(seconds) s"
            )
            var response = try error.response(from: request, context: context)
            response.headers[.retryAfter] = String(seconds)
            return response
        }
    }

    private static func format(_ number: Double) -> String {
        number.rounded() == number ? String(Int(number)) : String(number)
    }
}
