import Foundation
import ParleyEmail

/// Messages the tests send and render.
enum TestMessages {
    /// A body with a non-ASCII character, lines starting with `.`, a lone `.`, a long line and trailing spaces.
    static let body = """
        Hi José,

        Thanks for your interest in the Café Lead role at Acme – ünïcödé is fine.
        .hidden files and a line with only a dot follow:
        .
        ..two dots
        This line is deliberately much longer than seventy-six characters so that quoted-printable has to wrap it.
        Trailing spaces stay:\u{20}\u{20}
        Price = 100€

        Parley
        """

    static func outreach(to address: String = "jose@example.com", messageID: String = "outreach-1@parley.test") -> EmailMessage {
        EmailMessage(
            from: EmailAddress("jobs@parley.test", name: "Parley Recruiting"),
            to: EmailAddress(address, name: "José Müller"),
            replyTo: EmailAddress("reply+abc123@parley.test"),
            subject: "Quick question about the Café Lead role — 5 minutes?",
            body: body,
            date: Date(timeIntervalSince1970: 1_772_532_000),
            messageID: messageID,
            inReplyTo: "earlier@parley.test",
            references: ["first@parley.test", "earlier@parley.test"],
            extraHeaders: [
                EmailHeader(name: "List-Unsubscribe", value: "<https://parley.test/unsubscribe/abc123>"),
                EmailHeader(name: "List-Unsubscribe-Post", value: "List-Unsubscribe=One-Click"),
            ]
        )
    }
}
