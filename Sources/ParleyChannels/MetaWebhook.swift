import Crypto
package import Foundation
import ParleyCore

/// Meta's WhatsApp webhooks: the subscription handshake, the `X-Hub-Signature-256` check, and the message and
/// status events in a notification.
package enum MetaWebhook {
    /// The challenge to echo when a subscription request (`hub.mode=subscribe`) carries our verify token; `nil`
    /// otherwise.
    package static func challenge(mode: String?, verifyToken: String?, challenge: String?, expectedToken: String) -> String? {
        guard mode == "subscribe", let verifyToken, let challenge,
            ConstantTime.equal(Array(verifyToken.utf8), Array(expectedToken.utf8))
        else { return nil }
        return challenge
    }

    /// Whether `header` (`sha256=<hex>`) is the HMAC-SHA256 of the raw body under the app secret.
    package static func isSigned(_ body: Data, header: String?, appSecret: String) -> Bool {
        guard let header, header.hasPrefix("sha256=") else { return false }
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(appSecret.utf8)))
        let expected = "sha256=" + mac.hexString
        return ConstantTime.equal(Array(header.lowercased().utf8), Array(expected.utf8))
    }

    /// The events of a notification for the number `phoneNumberID`, in order: one Meta app may serve several
    /// numbers, and the others' events are not this connection's. A body that is not a WhatsApp notification has
    /// none.
    package static func events(in body: Data, phoneNumberID: String) -> [InboundEvent] {
        guard let notification = try? JSONDecoder().decode(Notification.self, from: body) else { return [] }
        let changes = notification.entry.flatMap(\.changes).filter { $0.value.metadata?.phone_number_id == phoneNumberID }
        return changes.flatMap { change -> [InboundEvent] in
            let messages = (change.value.messages ?? []).map { message in
                InboundEvent.message(InboundMessage(from: "+" + message.from, text: message.readableText, providerMessageID: message.id))
            }
            let statuses = (change.value.statuses ?? []).compactMap { status -> InboundEvent? in
                switch status.status {
                case "sent": .status(DeliveryReport(providerMessageID: status.id, status: .sent))
                case "delivered", "read": .status(DeliveryReport(providerMessageID: status.id, status: .delivered))
                case "failed": .status(DeliveryReport(providerMessageID: status.id, status: .failed))
                default: nil
                }
            }
            return messages + statuses
        }
    }

    private struct Notification: Decodable {
        var entry: [Entry]
    }

    private struct Entry: Decodable {
        var changes: [Change]
    }

    private struct Change: Decodable {
        var value: Value
    }

    private struct Value: Decodable {
        struct Metadata: Decodable { var phone_number_id: String }
        var metadata: Metadata?
        var messages: [Message]?
        var statuses: [Status]?
    }

    private struct Message: Decodable {
        struct Text: Decodable { var body: String }
        struct Button: Decodable { var text: String }
        struct Interactive: Decodable {
            struct Reply: Decodable { var title: String }
            var button_reply: Reply?
            var list_reply: Reply?
        }

        var from: String
        var id: String
        var type: String
        var text: Text?
        var button: Button?
        var interactive: Interactive?

        /// What the candidate wrote or tapped; for media, the kind of thing they sent.
        var readableText: String {
            text?.body ?? button?.text ?? interactive?.button_reply?.title ?? interactive?.list_reply?.title ?? "[\(type)]"
        }
    }

    private struct Status: Decodable {
        var id: String
        var status: String
    }
}
