import Foundation

/// SendGrid Inbound Parse: `from`, `to`, `cc`, `subject`, `text`, `html`, `headers` (the raw header block),
/// `envelope` (JSON `{"to": [...], "from": "..."}`) and `charsets` (JSON naming each field's charset).
enum SendGridInbound {
    /// The envelope SendGrid reports.
    private struct Envelope: Decodable {
        var to: [String]?
        var from: String?
    }

    /// The message in SendGrid's fields.
    static func parse(_ fields: FormFields) throws(InboundEmailError) -> InboundEmail {
        let charsets = fields.bytes("charsets").flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0)) } ?? [:]
        let envelope: Envelope?
        if let bytes = fields.bytes("envelope"), !bytes.isEmpty {
            do {
                envelope = try JSONDecoder().decode(Envelope.self, from: Data(bytes))
            } catch {
                throw .malformed("envelope must be JSON like {\"to\": [\"...\"], \"from\": \"...\"}")
            }
        } else {
            envelope = nil
        }
        let field = { (name: String) in fields.nonEmptyString(name, charset: charsets[name]) }

        // The From header names the candidate; the envelope sender may be a bounce or forwarding (SRS) address.
        guard let from = field("from").flatMap({ AddressList.parse($0).first?.address }) ?? envelope?.from?.trimmingSpaces().nilIfEmpty else {
            throw .missingField("from")
        }
        var recipients = RecipientList()
        for address in envelope?.to ?? [] { recipients.add(list: address) }
        recipients.add(list: field("to"))
        recipients.add(list: field("cc"))
        guard !recipients.addresses.isEmpty else { throw .missingField("to") }
        guard let text = field("text") ?? field("html").map(HTMLText.plainText(from:)) else { throw .missingField("text") }

        let headers = RawHeaders(field("headers") ?? "")
        return InboundEmail(
            from: from, to: recipients.addresses, subject: field("subject") ?? "", text: text,
            messageID: MessageIDs.first(in: headers.value("Message-ID")), inReplyTo: MessageIDs.first(in: headers.value("In-Reply-To")),
            references: MessageIDs.all(in: headers.value("References"))
        )
    }
}

extension String {
    /// The string, or `nil` when it is empty.
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
