import Foundation

/// Mailgun routes (store/forward to URL): `sender` and `recipient` (the envelope), `from`, `To`, `Cc`, `subject`,
/// `body-plain`, `stripped-text`, `body-html`, `Message-Id`, `In-Reply-To`, `References` and `message-headers`
/// (JSON `[[name, value], ...]`).
enum MailgunInbound {
    /// The message in Mailgun's fields.
    static func parse(_ fields: FormFields) throws(InboundEmailError) -> InboundEmail {
        let field = { (name: String) in fields.nonEmptyString(name) }
        let headerPairs = fields.bytes("message-headers").flatMap { try? JSONDecoder().decode([[String]].self, from: Data($0)) } ?? []
        let header = { (name: String) -> String? in
            field(name) ?? headerPairs.first(where: { $0.count == 2 && $0[0].lowercased() == name.lowercased() })?[1]
        }

        guard
            let from = field("from").flatMap({ AddressList.parse($0).first?.address })
                ?? field("sender").flatMap({ AddressList.parse($0).first?.address })
        else { throw .missingField("from") }
        var recipients = RecipientList()
        recipients.add(list: field("recipient"))
        recipients.add(list: header("To"))
        recipients.add(list: header("Cc"))
        guard !recipients.addresses.isEmpty else { throw .missingField("recipient") }
        guard let text = field("body-plain") ?? field("stripped-text") ?? field("body-html").map(HTMLText.plainText(from:)) else {
            throw .missingField("body-plain")
        }
        return InboundEmail(
            from: from, to: recipients.addresses, subject: field("subject") ?? header("Subject") ?? "", text: text,
            messageID: MessageIDs.first(in: header("Message-Id")), inReplyTo: MessageIDs.first(in: header("In-Reply-To")),
            references: MessageIDs.all(in: header("References"))
        )
    }
}
