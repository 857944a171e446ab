package import Hummingbird
import Logging
import OpenAPIRuntime

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
            // The error's text is not logged: a server error's description holds the request's headers and body (the API
            // key, the candidate's message). Its type and the operation say where to look.
            let server = error as? ServerError
            var metadata: Logger.Metadata = ["error.type": "\(type(of: server?.underlyingError ?? error))"]
            if let server { metadata["parley.operation"] = "\(server.operationID)" }
            context.logger.error("Request failed", metadata: metadata)
            throw APIError(.internalServerError, "internal: unexpected error; quote request id \(requestID) when reporting it")
        }
    }
}
