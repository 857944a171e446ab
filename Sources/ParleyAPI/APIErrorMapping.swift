import Foundation
import HTTPTypes
import OpenAPIRuntime
import ParleyCore

/// Turns what the generated server and the handlers throw into the API's `{"error": "<field>: <rule>"}` answers.
enum APIErrorMapping {
    /// The API error `error` stands for, or `nil` when it is not the caller's fault (a 500).
    ///
    /// - Parameters:
    ///   - query: The request's query string, to name a query parameter the runtime could not decode.
    ///   - operationID: The operation, when known, for parameters whose rules depend on it.
    static func apiError(for error: any Error, query: String?, operationID: String? = nil) -> APIError? {
        switch error {
        case let error as APIError:
            return error
        case let error as ValidationError:
            return APIError(error)
        case let error as DecodingError:
            if let query, let violation = QueryParameterRules.firstViolation(in: query, operationID: operationID) {
                return APIError(.badRequest, violation)
            }
            return APIError(.badRequest, error.fieldMessage)
        case let error as ServerError:
            if let mapped = apiError(for: error.underlyingError, query: query, operationID: operationID) {
                return mapped
            }
            // The runtime's own request checks (content type, required parameters) carry a 4xx status.
            guard error.operationInput == nil, (400..<500).contains(error.httpStatus.code) else { return nil }
            if error.httpStatus.code == 415 {
                return APIError(.unsupportedMediaType, "content-type: must be application/json")
            }
            return APIError(.init(code: error.httpStatus.code), "request: \(error.causeDescription)")
        default:
            return nil
        }
    }
}
