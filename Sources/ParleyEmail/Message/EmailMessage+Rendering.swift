extension EmailMessage {
    /// The header fields the message sets itself; extra headers may not repeat them.
    static let standardHeaderNames: Set<String> = [
        "date", "from", "to", "reply-to", "subject", "message-id", "in-reply-to", "references", "mime-version", "content-type",
        "content-transfer-encoding",
    ]

    /// The message as RFC 5322 text: 7-bit ASCII with CRLF line endings, ready for `DATA` (before dot-stuffing).
    /// Throws when a field would allow header injection or is not valid.
    package func rendered() throws(EmailMessageError) -> String {
        var header = ""
        header += "Date: \(RFC5322Date.string(from: date))\r\n"
        header += try Self.field("From", address: from)
        header += try Self.field("To", address: to)
        if let replyTo { header += try Self.field("Reply-To", address: replyTo) }
        header += try Self.unstructuredField("Subject", value: subject.trimmingWhitespace())
        header += "Message-ID: <\(try HeaderValidation.messageID(messageID, field: "Message-ID"))>\r\n"
        if let inReplyTo { header += "In-Reply-To: <\(try HeaderValidation.messageID(inReplyTo, field: "In-Reply-To"))>\r\n" }
        if !references.isEmpty {
            var folder = HeaderFolder(name: "References")
            for reference in references { folder.append(atom: "<\(try HeaderValidation.messageID(reference, field: "References"))>") }
            header += folder.rendered
        }
        header += "MIME-Version: 1.0\r\n"
        let (contentHeader, content) = try renderedContent()
        header += contentHeader
        for extra in extraHeaders {
            try HeaderValidation.checkFieldName(extra.name)
            guard !Self.standardHeaderNames.contains(extra.name.lowercased()) else { throw .reservedHeaderName(extra.name) }
            header += try Self.unstructuredField(extra.name, value: extra.value)
        }
        return header + "\r\n" + content
    }

    /// The content header fields and the content: the quoted-printable text alone, or the text and the calendar
    /// invite as `multipart/alternative`.
    private func renderedContent() throws(EmailMessageError) -> (header: String, content: String) {
        let textHeader = "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n"
        guard let calendar else { return (textHeader, QuotedPrintable.encode(body)) }
        guard !calendar.method.isEmpty, calendar.method.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) }) else {
            throw .invalidCalendarMethod
        }
        // Quoted-printable text never contains "=_", so no part can end the multipart early.
        let boundary =
            "=_parley_"
            + messageID.unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) }.map(String.init)
            .joined()
        let calendarHeader =
            "Content-Type: text/calendar; charset=utf-8; method=\(calendar.method)\r\nContent-Transfer-Encoding: quoted-printable\r\n"
        let parts = [textHeader + "\r\n" + QuotedPrintable.encode(body), calendarHeader + "\r\n" + QuotedPrintable.encode(calendar.content)]
        let content = parts.map { "--\(boundary)\r\n\($0)\r\n" }.joined() + "--\(boundary)--\r\n"
        return ("Content-Type: multipart/alternative; boundary=\"\(boundary)\"\r\n", content)
    }

    /// ``rendered()`` as bytes.
    package func renderedBytes() throws(EmailMessageError) -> [UInt8] {
        Array(try rendered().utf8)
    }

    /// `Name: Display Name <address>`, the name quoted or encoded as needed.
    private static func field(_ name: String, address: EmailAddress) throws(EmailMessageError) -> String {
        try HeaderValidation.checkAddress(address.address, field: name)
        var folder = HeaderFolder(name: name)
        if let displayName = address.name?.trimmingWhitespace(), !displayName.isEmpty {
            try HeaderValidation.checkText(displayName, field: "\(name) name")
            if EncodedWord.isNeeded(for: displayName) {
                folder.append(encoded: displayName)
            } else if displayName.contains(where: { "()<>[]:;@\\,.\"".contains($0) }) || displayName.contains("\t") {
                folder.append(atom: quoted(displayName))
            } else {
                folder.append(text: displayName)
            }
            folder.append(atom: "<\(address.address)>")
        } else {
            folder.append(atom: address.address)
        }
        return folder.rendered
    }

    /// A field of free text, encoded when it is not plain ASCII.
    private static func unstructuredField(_ name: String, value: String) throws(EmailMessageError) -> String {
        try HeaderValidation.checkText(value, field: name)
        var folder = HeaderFolder(name: name)
        if EncodedWord.isNeeded(for: value) || value.split(separator: " ").contains(where: { $0.count > 900 }) {
            folder.append(encoded: value)
        } else {
            folder.append(text: value.replacingTabs())
        }
        return folder.rendered
    }

    /// `text` as an RFC 5322 quoted string.
    private static func quoted(_ text: String) -> String {
        "\"" + text.replacingTabs().replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    fileprivate func trimmingWhitespace() -> String {
        var result = Substring(self)
        while result.first == " " || result.first == "\t" { result.removeFirst() }
        while result.last == " " || result.last == "\t" { result.removeLast() }
        return String(result)
    }

    /// The string with tabs as spaces.
    fileprivate func replacingTabs() -> String {
        replacing("\t", with: " ")
    }
}
