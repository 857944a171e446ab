package import Foundation

/// The addresses providers and candidates reach the server at, built from its public base URL
/// (`PARLEY_PUBLIC_URL`): the same URLs providers sign, so signatures are checked against them.
package struct CallbackURLs: Sendable {
    /// The public base URL, without a trailing slash.
    package var base: String

    package init(base: String) {
        self.base = base.hasSuffix("/") ? String(base.dropLast()) : base
    }

    /// What unsubscribe tokens are made for (``SecretBox``'s `token(for:_:)`).
    package static let unsubscribePurpose = "unsubscribe"
    /// What the tokens in email connections' inbound URLs are made for.
    package static let inboundEmailPurpose = "inbound-email"

    /// The path a connection's inbound messages (and Meta's status events) are posted to.
    package static func inboundPath(of connection: UUID) -> String { "/channels/\(connection.uuidString.lowercased())/inbound" }

    /// The path a connection's status callbacks are posted to.
    package static func statusPath(of connection: UUID) -> String { "/channels/\(connection.uuidString.lowercased())/status" }

    /// Where a connection's inbound messages go. An email connection's carries its token, since inbound-parse
    /// services do not sign what they post.
    package func inbound(of connection: UUID, token: String?) -> String {
        base + Self.inboundPath(of: connection) + (token.map { "?token=\($0)" } ?? "")
    }

    /// Where a connection's status callbacks go.
    package func status(of connection: UUID) -> String { base + Self.statusPath(of: connection) }

    /// The one-click unsubscribe link of a conversation's emails.
    package func unsubscribe(conversation: UUID, token: String) -> String {
        "\(base)/unsubscribe/\(conversation.uuidString.lowercased())/\(token)"
    }
}

/// The per-conversation address an email's replies come back to: the sender's own address with a tag,
/// `jobs+r<conversation>@example.com`, so a reply finds its conversation whatever the subject says.
package enum ReplyAddress {
    /// The reply address of `conversation` for mail sent from `sender`.
    package static func make(sender: String, conversation: UUID) -> String {
        guard let at = sender.lastIndex(of: "@") else { return sender }
        let hex = conversation.uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        return "\(sender[..<at])+r\(hex)\(sender[at...])"
    }

    /// The conversation the first tagged address among `recipients` names.
    package static func conversation(in recipients: [String]) -> UUID? {
        for recipient in recipients {
            guard let match = recipient.lowercased().firstMatch(of: /\+r([0-9a-f]{32})@/) else { continue }
            let hex = Array(match.1)
            let text = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(hex[$0]) }.joined(separator: "-")
            if let id = UUID(uuidString: text) { return id }
        }
        return nil
    }
}
