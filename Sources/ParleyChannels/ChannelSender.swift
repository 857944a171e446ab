package import Foundation

/// Hands one message to a provider. Implementations never log the text or the address.
package protocol ChannelSender: Sendable {
    /// Sends `message`; returns the provider's id for it (Twilio's sid, WhatsApp's wamid, the email's Message-ID).
    func send(_ message: OutboundMessage) async throws(ChannelSendError) -> String
}

/// What a channel needs to send one message.
package struct OutboundMessage: Sendable {
    /// Parley's id of the message, which an email's Message-ID is made from.
    package var id: UUID
    /// The candidate's phone number (E.164) or email address.
    package var to: String
    package var text: String
    /// Whether the candidate wrote within the last 24 hours, so WhatsApp allows free text; outside it a
    /// business-initiated message must be a template.
    package var replyWindowOpen: Bool
    /// When it is sent, by the server's clock (an email's `Date`).
    package var date: Date
    /// What an email needs beside the text; `nil` on the other channels.
    package var email: EmailContext?

    package init(id: UUID, to: String, text: String, replyWindowOpen: Bool, date: Date, email: EmailContext? = nil) {
        self.id = id
        self.date = date
        self.to = to
        self.text = text
        self.replyWindowOpen = replyWindowOpen
        self.email = email
    }
}

/// The envelope of an email in a conversation: its subject, the thread it continues and how to leave it.
package struct EmailContext: Sendable {
    /// The display name the email comes from, such as the company.
    package var senderName: String
    package var subject: String
    /// The per-conversation address replies come back to.
    package var replyTo: String
    /// Message-IDs of the conversation's earlier emails, oldest first, for threading.
    package var references: [String]
    /// The one-click unsubscribe URL (RFC 8058).
    package var unsubscribeURL: String

    package init(senderName: String, subject: String, replyTo: String, references: [String], unsubscribeURL: String) {
        self.senderName = senderName
        self.subject = subject
        self.replyTo = replyTo
        self.references = references
        self.unsubscribeURL = unsubscribeURL
    }
}

/// Why a provider did not take a message, and so whether it may be tried again.
package enum ChannelSendError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The provider surely did not take it (no connection, rate limited, unavailable): try again later.
    case retryable(String)
    /// The provider refused it for good (bad number, bad credentials): never try again.
    case permanent(String)
    /// The request went out but no answer came: the provider may have taken it. Sending again could send it
    /// twice, so it is never sent again.
    case unknown(String)

    package var description: String {
        switch self {
        case .retryable(let reason): "retryable: \(reason)"
        case .permanent(let reason): "permanent: \(reason)"
        case .unknown(let reason): "outcome unknown: \(reason)"
        }
    }
}
