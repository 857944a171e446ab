import Foundation
package import ParleyEmail

/// Sends email through an SMTP relay: one plain-text message per agent turn, threaded into one conversation
/// (Message-ID, In-Reply-To, References), with a per-conversation Reply-To and a one-click unsubscribe
/// (`List-Unsubscribe` and `List-Unsubscribe-Post`, RFC 8058).
package struct EmailSender: ChannelSender {
    /// What carries the mail to the relay.
    package typealias Transport = SMTPClient

    private let relay: SMTPRelay
    private let sender: String
    private let transport: Transport

    /// - Parameters:
    ///   - relayURL: `smtp://host[:port]` (STARTTLS) or `smtps://host[:port]` (TLS from the start).
    ///   - sender: The address mail comes from.
    package init(relayURL: String, username: String?, password: String?, sender: String, transport: Transport) throws {
        self.relay = try SMTPRelay(url: relayURL, username: username, password: password)
        self.sender = sender
        self.transport = transport
    }

    package func send(_ message: OutboundMessage) async throws(ChannelSendError) -> String {
        guard let context = message.email else { throw .permanent("an email without its envelope") }
        let domain = sender.split(separator: "@").last.map(String.init) ?? "parley.localhost"
        let messageID = "\(message.id.uuidString.lowercased())@\(domain)"
        let footer = "\n\n--\nReply to this email to answer. Unsubscribe: \(context.unsubscribeURL)"
        let email = EmailMessage(
            from: ParleyEmail.EmailAddress(sender, name: context.senderName), to: ParleyEmail.EmailAddress(message.to),
            replyTo: ParleyEmail.EmailAddress(context.replyTo), subject: context.subject, body: message.text + footer, date: message.date,
            messageID: messageID, inReplyTo: context.references.last, references: context.references,
            extraHeaders: [
                EmailHeader(name: "List-Unsubscribe", value: "<\(context.unsubscribeURL)>"),
                EmailHeader(name: "List-Unsubscribe-Post", value: "List-Unsubscribe=One-Click"),
            ]
        )
        do {
            try await transport.send(email, via: relay)
        } catch {
            switch error.outcome {
            case .retryable: throw .retryable("the relay: \(error)")
            case .permanent: throw .permanent("the relay: \(error)")
            case .unknown: throw .unknown("the relay: \(error)")
            }
        }
        return messageID
    }
}
