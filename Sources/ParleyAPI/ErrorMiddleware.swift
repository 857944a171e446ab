package import Hummingbird
import Logging

/// The outermost middleware: answers router errors (no such path, wrong method) in the API's JSON shape, and
/// anything unexpected with a 500 naming the request id, logged once. Never echoes internal details.
package struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    package init() {}

    package func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as any HTTPResponseError {
            switch error.status {
            case .notFound: throw APIError(.notFound, "path: no such endpoint")
            case .methodNotAllowed: throw APIError(.methodNotAllowed, "method: not allowed on this path")
            case .contentTooLarge: throw APIError(.contentTooLarge, "body: must be at most 1 MiB")
            default: throw APIError(error.status, "request: \(error.status.reasonPhrase)")
            }
        } catch {
            if let apiError = APIErrorMapping.apiError(for: error, query: request.uri.query) { throw apiError }
            let requestID = context.logger[metadataKey: "hb.request.id"].map { "\($0)" } ?? "unknown"
            context.logger.error("Request failed", metadata: ["error.type": "\(type(of: error))", "error.message": "\(error)"])
            throw APIError(.internalServerError, "internal: unexpected error; quote request id \(requestID) when reporting it")
        }
    }
}
