/// Why a webhook body could not be read as an ``InboundEmail``.
package enum InboundEmailError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A required field is absent or empty.
    case missingField(String)
    /// The content type is not one of the accepted formats.
    case unsupportedContentType(String)
    /// The body does not match its content type.
    case malformed(String)

    /// A sentence naming the missing or malformed field.
    package var description: String {
        switch self {
        case .missingField(let field): "\(field) is required"
        case .unsupportedContentType(let type):
            "content type \(type.isEmpty ? "(none)" : type) is not supported; send multipart/form-data, application/x-www-form-urlencoded or application/json"
        case .malformed(let reason): reason
        }
    }
}
