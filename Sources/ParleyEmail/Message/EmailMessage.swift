package import Foundation

/// An outgoing plain-text message, optionally with a calendar invitation beside the text. ``renderedBytes()`` turns it into RFC 5322 bytes with CRLF line endings: a
/// quoted-printable UTF-8 body and RFC 2047 encoded words for non-ASCII names and subjects.
package struct EmailMessage: Sendable, Hashable {
    /// The author, in `From`; also the envelope sender.
    package var from: EmailAddress
    /// The one recipient, in `To`; also the envelope recipient.
    package var to: EmailAddress
    /// Where replies should go, when not to ``from``.
    package var replyTo: EmailAddress?
    /// The subject line, unencoded.
    package var subject: String
    /// The plain-text body, unencoded; any line ending style.
    package var body: String
    /// When the message was written, rendered in `+0000`.
    package var date: Date
    /// The message id without angle brackets, e.g. `abc123@parley.example.com`.
    package var messageID: String
    /// The id of the message this one answers, without angle brackets.
    package var inReplyTo: String?
    /// The ids of the thread so far, oldest first, without angle brackets.
    package var references: [String]
    /// Further header fields, rendered after the standard ones in this order.
    package var extraHeaders: [EmailHeader]
    /// A calendar invitation sent beside the text (`multipart/alternative`), which mail clients show with
    /// accept and decline buttons.
    package var calendar: CalendarPart?

    /// An iCalendar object (RFC 5545) and its iTIP method (RFC 5546), such as `REQUEST` or `CANCEL`.
    package struct CalendarPart: Sendable, Hashable {
        /// The iTIP method, uppercase letters only; it must match the object's METHOD.
        package var method: String
        /// The iCalendar text.
        package var content: String

        /// A calendar part with the given method and text.
        package init(method: String, content: String) {
            self.method = method
            self.content = content
        }
    }

    /// A message; see the properties for each field.
    package init(
        from: EmailAddress, to: EmailAddress, replyTo: EmailAddress? = nil, subject: String, body: String, date: Date, messageID: String,
        inReplyTo: String? = nil, references: [String] = [], extraHeaders: [EmailHeader] = [], calendar: CalendarPart? = nil
    ) {
        self.calendar = calendar
        self.from = from
        self.to = to
        self.replyTo = replyTo
        self.subject = subject
        self.body = body
        self.date = date
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.references = references
        self.extraHeaders = extraHeaders
    }

    /// The envelope sender (`MAIL FROM`): the ``from`` address.
    package var envelopeFrom: String { from.address }

    /// The envelope recipients (`RCPT TO`): the ``to`` address.
    package var envelopeRecipients: [String] { [to.address] }
}
