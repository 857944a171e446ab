package import NIOCore

extension InboundEmail {
    /// Reads a webhook body: SendGrid Inbound Parse or Mailgun (`multipart/form-data`), Mailgun
    /// (`application/x-www-form-urlencoded`), or Parley's JSON (`application/json`):
    /// `{"from", "to": [...], "subject", "text", "messageId", "inReplyTo", "references": [...]}`.
    package static func parse(contentType: String, body: [UInt8]) throws(InboundEmailError) -> InboundEmail {
        let mediaType = MediaType(contentType)
        switch mediaType.essence {
        case "application/json":
            return try JSONInbound.parse(body)
        case "multipart/form-data":
            guard let boundary = mediaType.parameters["boundary"], !boundary.isEmpty else {
                throw .malformed("multipart/form-data content type has no boundary")
            }
            return try fromFormFields(FormFields(multipart: body, boundary: boundary))
        case "application/x-www-form-urlencoded":
            return try fromFormFields(FormFields(urlEncoded: body))
        default:
            throw .unsupportedContentType(mediaType.essence)
        }
    }

    /// ``parse(contentType:body:)`` for a body in a `ByteBuffer`.
    package static func parse(contentType: String, body: ByteBuffer) throws(InboundEmailError) -> InboundEmail {
        try parse(contentType: contentType, body: Array(body.readableBytesView))
    }

    /// Mailgun's fields when present (`recipient`, `body-plain`, `sender`), else SendGrid's.
    private static func fromFormFields(_ fields: FormFields) throws(InboundEmailError) -> InboundEmail {
        if fields.contains("recipient") || fields.contains("body-plain") || fields.contains("sender") {
            return try MailgunInbound.parse(fields)
        }
        return try SendGridInbound.parse(fields)
    }
}
