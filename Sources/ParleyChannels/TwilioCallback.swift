import ParleyCore

/// Reads Twilio's form-encoded callbacks: an incoming message (`MessageSid`, `From`, `Body`) or a status
/// callback (`MessageSid`, `MessageStatus`).
package enum TwilioCallback {
    /// The event in an inbound-message callback; `nil` when a field it needs is missing.
    package static func message(_ parameters: [(name: String, value: String)]) -> InboundEvent? {
        let fields = Dictionary(parameters.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        guard let sid = fields["MessageSid"] ?? fields["SmsSid"], let from = fields["From"] else { return nil }
        let number = from.hasPrefix("whatsapp:") ? String(from.dropFirst("whatsapp:".count)) : from
        return .message(InboundMessage(from: number, text: fields["Body"] ?? "", providerMessageID: sid))
    }

    /// The event in a status callback; `nil` for a status that changes nothing (queued, accepted, sending…).
    package static func status(_ parameters: [(name: String, value: String)]) -> InboundEvent? {
        let fields = Dictionary(parameters.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        guard let sid = fields["MessageSid"] ?? fields["SmsSid"], let status = fields["MessageStatus"] ?? fields["SmsStatus"] else { return nil }
        switch status {
        case "sent": return .status(DeliveryReport(providerMessageID: sid, status: .sent))
        case "delivered", "read": return .status(DeliveryReport(providerMessageID: sid, status: .delivered))
        case "failed", "undelivered": return .status(DeliveryReport(providerMessageID: sid, status: .failed))
        default: return nil
        }
    }
}
