package import Foundation
package import ParleyCore

/// A candidate's booking link, `{PARLEY_PUBLIC_URL}/book/{token}`. The token names the conversation and when it
/// was issued, signed with the server's key, so it cannot be guessed or altered, and it expires with the meeting
/// template's booking window.
package struct BookingLink: Sendable, Equatable {
    package var conversationID: Conversation.ID
    package var issuedAt: Date

    package init(conversationID: Conversation.ID, issuedAt: Date) {
        self.conversationID = conversationID
        self.issuedAt = Date(timeIntervalSince1970: issuedAt.timeIntervalSince1970.rounded(.down))
    }

    /// What booking tokens are signed for.
    static let purpose = "booking"

    /// The token: `<conversation>.<issued, unix seconds>.<signature>`.
    package func token(_ box: SecretBox) -> String {
        let body = "\(conversationID.uuidString.lowercased()).\(Int64(issuedAt.timeIntervalSince1970))"
        return "\(body).\(box.token(for: Self.purpose, body))"
    }

    /// The link a token names, when the server signed it.
    package init?(token: String, box: SecretBox) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let id = Conversation.ID(uuidString: String(parts[0])), let seconds = Int64(parts[1]),
            box.verify(String(parts[2]), for: Self.purpose, "\(parts[0]).\(parts[1])")
        else { return nil }
        self.init(conversationID: id, issuedAt: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    /// When the link stops working: the template's booking window after it was issued.
    package func expiresAt(bookingWindowDays: Int) -> Date {
        issuedAt.addingTimeInterval(TimeInterval(bookingWindowDays) * 86_400)
    }

    /// `texts` with the booking-link marker replaced by the conversation's link, issued `now`.
    package static func fill(_ texts: [String], conversation: Conversation.ID, baseURL: String, box: SecretBox, at now: Date) -> [String] {
        guard texts.contains(where: { $0.contains(MessagePlaceholder.bookingLinkMarker) }) else { return texts }
        let url = "\(baseURL)/book/\(BookingLink(conversationID: conversation, issuedAt: now).token(box))"
        return texts.map { $0.replacingOccurrences(of: MessagePlaceholder.bookingLinkMarker, with: url) }
    }
}
