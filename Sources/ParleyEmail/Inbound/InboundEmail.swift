/// A message received through an inbound-mail webhook (SendGrid Inbound Parse, Mailgun routes, or Parley's own
/// JSON), reduced to what threading and reply handling need. Addresses are kept as received; compare them with
/// ``AddressList/normalized(_:)``.
package struct InboundEmail: Sendable, Hashable {
    /// The sender's address: the envelope sender when the provider reports one, else the `From` address.
    package var from: String
    /// Every recipient: envelope recipients first, then `To` and `Cc`, without repeats.
    package var to: [String]
    /// The subject, decoded by the provider; empty when there was none.
    package var subject: String
    /// The plain-text body (derived from the HTML part when the message had no plain-text part).
    package var text: String
    /// The message's own id, without angle brackets.
    package var messageID: String?
    /// The id of the message it answers, without angle brackets.
    package var inReplyTo: String?
    /// The ids of the thread it belongs to, oldest first, without angle brackets.
    package var references: [String]

    /// An inbound message; see the properties for each field.
    package init(
        from: String, to: [String], subject: String, text: String, messageID: String? = nil, inReplyTo: String? = nil, references: [String] = []
    ) {
        self.from = from
        self.to = to
        self.subject = subject
        self.text = text
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.references = references
    }
}
