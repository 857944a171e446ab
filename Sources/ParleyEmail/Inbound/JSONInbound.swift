import Foundation

/// Parley's own JSON: `{"from", "to": [...], "subject", "text", "messageId", "inReplyTo", "references": [...]}`.
/// `from` and each `to` may carry a display name (`Jane <jane@example.com>`); `to` may also be one string.
enum JSONInbound {
    private struct Payload: Decodable {
        var from: String?
        var to: Recipients?
        var subject: String?
        var text: String?
        var messageId: String?
        var inReplyTo: String?
        var references: [String]?
    }

    /// `to` as a list or as one comma-separated string.
    private enum Recipients: Decodable {
        case list([String])
        case single(String)

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let list = try? container.decode([String].self) {
                self = .list(list)
            } else {
                self = .single(try container.decode(String.self))
            }
        }

        var values: [String] {
            switch self {
            case .list(let values): values
            case .single(let value): [value]
            }
        }
    }

    /// The message in a JSON body.
    static func parse(_ body: [UInt8]) throws(InboundEmailError) -> InboundEmail {
        let payload: Payload
        do {
            payload = try JSONDecoder().decode(Payload.self, from: Data(body))
        } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context) {
            let field = context.codingPath.first?.stringValue ?? "body"
            throw .malformed(field == "to" ? "to must be an array of strings" : "\(field) has the wrong type")
        } catch {
            throw .malformed("body must be a JSON object")
        }
        guard let from = payload.from.flatMap({ AddressList.parse($0).first?.address }) else { throw .missingField("from") }
        var recipients = RecipientList()
        for value in payload.to?.values ?? [] { recipients.add(list: value) }
        guard !recipients.addresses.isEmpty else { throw .missingField("to") }
        guard let text = payload.text else { throw .missingField("text") }
        return InboundEmail(
            from: from, to: recipients.addresses, subject: payload.subject ?? "", text: text, messageID: MessageIDs.first(in: payload.messageId),
            inReplyTo: MessageIDs.first(in: payload.inReplyTo), references: (payload.references ?? []).flatMap { MessageIDs.all(in: $0) }
        )
    }
}
