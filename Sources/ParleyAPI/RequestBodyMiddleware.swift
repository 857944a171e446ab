import Foundation
package import HTTPTypes
package import OpenAPIRuntime

/// Reads each request body before the generated server decodes it: refuses bodies over the limit with 413,
/// answers an empty body with 400 `body: is required`, except for operations whose body is optional, which
/// then see no body at all.
package struct RequestBodyMiddleware: ServerMiddleware {
    /// The largest body accepted.
    package static let maximumBytes = 1 << 20
    /// The answer to a body over ``maximumBytes``.
    static let tooLarge = APIError(.contentTooLarge, "body: must be at most \(maximumBytes) bytes (1 MiB)")

    /// Operations whose request body is optional or absent; every other POST, PUT and PATCH needs one.
    private static let optionalBodyOperations: Set<String> = [
        "stopCampaign", "takeOverConversation", "handConversationToAgent", "testWebhook", "rotateWebhookSecret", "redeliverWebhookDelivery",
        "cancelBooking",
    ]

    package init() {}

    package func intercept(
        _ request: HTTPRequest,
        body: HTTPBody?,
        metadata: ServerRequestMetadata,
        operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        guard let body, [.post, .put, .patch].contains(request.method) else {
            return try await next(request, body, metadata)
        }
        var bytes: [UInt8] = []
        for try await chunk in body {
            bytes += chunk
            if bytes.count > Self.maximumBytes {
                return Self.tooLarge.openAPIResponse
            }
        }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            if Self.optionalBodyOperations.contains(operationID) { return try await next(request, nil, metadata) }
            return APIError(.badRequest, "body: is required").openAPIResponse
        }
        do {
            return try await next(request, HTTPBody(bytes), metadata)
        } catch let error as ServerError where (error.underlyingError as? DecodingError)?.isAtRoot == true {
            throw APIError(.badRequest, Self.describeUndecodableRoot(bytes))
        }
    }

    /// What is wrong with a body the decoder failed on without naming a field.
    private static func describeUndecodableRoot(_ bytes: [UInt8]) -> String {
        guard let value = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]) else {
            return "body: must be valid JSON"
        }
        guard value is [String: Any] else { return "body: must be a JSON object" }
        // Foundation loses the field when a number does not fit the integer a field expects.
        return "body: an integer field holds a fraction or a number too large"
    }
}

extension DecodingError {
    /// Whether the error names no field: the body as a whole could not be decoded.
    var isAtRoot: Bool {
        switch self {
        case .keyNotFound: false
        case .valueNotFound(_, let context), .typeMismatch(_, let context), .dataCorrupted(let context): context.codingPath.isEmpty
        @unknown default: true
        }
    }
}

extension APIError {
    /// This error as a response of the OpenAPI runtime.
    var openAPIResponse: (HTTPResponse, HTTPBody?) {
        let json = (try? APIError.encoder.encode(["error": message])) ?? Data()
        return (HTTPResponse(status: status, headerFields: [.contentType: "application/json; charset=utf-8"]), HTTPBody(json))
    }
}
