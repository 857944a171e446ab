import Foundation
package import Hummingbird
package import ParleyCore

/// An error the API answers with a status and a `{"error": "<field>: <rule>"}` body, as Popp documents.
package struct APIError: Error, Sendable, Equatable {
    package var status: HTTPResponse.Status
    package var message: String

    package init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    /// Encodes error bodies: compact, with slashes left as they are.
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// The one answer for every authentication failure, so a caller learns nothing about which keys exist.
    package static let unauthorized = APIError(
        .unauthorized,
        "x-api-key: a valid, unexpired, unrevoked API key of the organization in x-organization-id is required"
    )

    /// No such resource in the caller's organization (including another organization's resources).
    package static func notFound(_ what: String) -> APIError {
        APIError(.notFound, "\(what): not found")
    }

    /// A rule broken by the request.
    package static func badRequest(_ field: String, _ rule: String) -> APIError {
        APIError(.badRequest, "\(field): \(rule)")
    }

    /// Every rule a ``ValidationError`` collected, as one 400.
    package init(_ validation: ValidationError) {
        self.init(.badRequest, validation.message)
    }
}

extension APIError: HTTPResponseError {
    package func response(from request: Request, context: some RequestContext) throws -> Response {
        Response.json(["error": message], status: status)
    }
}
