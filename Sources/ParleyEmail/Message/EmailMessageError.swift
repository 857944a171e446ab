/// Why a message cannot be rendered; the description names the field, not its value.
package enum EmailMessageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A header value contains CR, LF or another control character (header injection).
    case controlCharacter(field: String)
    /// An address is not a plain ASCII `local@domain`.
    case invalidAddress(field: String)
    /// A message id is empty or contains spaces, angle brackets or non-ASCII characters.
    case invalidMessageID(field: String)
    /// An extra header's name is not a valid field name.
    case invalidHeaderName(String)
    /// An extra header repeats a field the message sets itself.
    case reservedHeaderName(String)
    /// A calendar part's method is not a word of uppercase letters.
    case invalidCalendarMethod

    /// A sentence naming the field, never its value.
    package var description: String {
        switch self {
        case .controlCharacter(let field): "\(field) must not contain line breaks or control characters"
        case .invalidAddress(let field): "\(field) must be a plain ASCII address of the form local@domain"
        case .invalidMessageID(let field): "\(field) must be a message id of printable ASCII without spaces or angle brackets"
        case .invalidHeaderName(let name): "header name \(name.debugDescription) is not a valid field name"
        case .reservedHeaderName(let name): "header \(name) is set by the message itself and cannot be added as an extra header"
        case .invalidCalendarMethod: "the calendar part's method must be uppercase letters, such as REQUEST"
        }
    }
}
