package import HTTPTypes
package import OpenAPIRuntime

/// Answers every error the generated server or a handler throws that is the caller's fault with its status and
/// `{"error": "<field>: <rule>"}`; anything else is rethrown for ``ErrorMiddleware`` to log and answer 500.
package struct ErrorMappingMiddleware: ServerMiddleware {
    package init() {}

    package func intercept(
        _ request: HTTPRequest,
        body: HTTPBody?,
        metadata: ServerRequestMetadata,
        operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        do {
            return try await next(request, body, metadata)
        } catch {
            let query = request.path.flatMap { path in path.firstIndex(of: "?").map { String(path[path.index(after: $0)...]) } }
            guard let apiError = APIErrorMapping.apiError(for: error, query: query, operationID: operationID) else { throw error }
            return apiError.openAPIResponse
        }
    }
}
