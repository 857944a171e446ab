import Foundation
import ParleyEmail
import Testing

@Suite struct EmailMessageRenderingTests {
    private func header(_ rendered: String) -> String {
        String(rendered.prefix(upTo: rendered.range(of: "\r\n\r\n")!.lowerBound)) + "\r\n"
    }

    private func lines(_ text: String) -> [Substring] {
        text.split(separator: "\r\n", omittingEmptySubsequences: false)
    }

    @Test func rendersHeadersInOrderWithCRLF() throws {
        let rendered = try TestMessages.outreach().rendered()
        let names = lines(header(rendered)).filter { !$0.isEmpty && !$0.hasPrefix(" ") }.map { $0.prefix(while: { $0 != ":" }) }
        #expect(
            names == [
                "Date", "From", "To", "Reply-To", "Subject", "Message-ID", "In-Reply-To", "References", "MIME-Version", "Content-Type",
                "Content-Transfer-Encoding", "List-Unsubscribe", "List-Unsubscribe-Post",
            ])
        #expect(!rendered.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(!rendered.replacingOccurrences(of: "\r\n", with: "").contains("\r"))
        #expect(rendered.hasSuffix("\r\n"))
        #expect(rendered.unicodeScalars.allSatisfy { $0.isASCII })
        #expect(rendered.contains("Date: Tue, 03 Mar 2026 10:00:00 +0000\r\n"))
        #expect(rendered.contains("From: Parley Recruiting <jobs@parley.test>\r\n"))
        #expect(rendered.contains("Message-ID: <outreach-1@parley.test>\r\n"))
        #expect(rendered.contains("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n"))
    }

    @Test func encodesNonASCIINamesAndSubjects() throws {
        let rendered = try TestMessages.outreach().rendered()
        #expect(rendered.contains("To: =?utf-8?B?Sm9zw6kgTcO8bGxlcg==?= <jose@example.com>\r\n"))
        #expect(rendered.contains("Subject: =?utf-8?B?"))
    }

    @Test func foldsLongHeadersUnder78Characters() throws {
        var message = TestMessages.outreach()
        message.subject = String(repeating: "Größenänderung und Ärger — ", count: 8)
        message.to.name = String(repeating: "Ünïcödé Nâme ", count: 10)
        message.references = (1...8).map { "reference-\($0)-abcdefgh@parley.example.com" }
        message.extraHeaders.append(EmailHeader(name: "X-Campaign", value: String(repeating: "plain ascii words ", count: 10)))
        let head = header(try message.rendered())
        for line in lines(head) { #expect(line.count <= 78, "\(line)") }
        // Every encoded word is complete and at most 75 characters.
        for word in head.matches(of: #/=\?utf-8\?B\?[A-Za-z0-9+\/=]*\?=/#) { #expect(word.output.count <= 75) }
        #expect(lines(head).filter { $0.hasPrefix(" =?utf-8?B?") }.count >= 3)
    }

    @Test func encodedWordsDecodeBackToTheSubject() throws {
        var message = TestMessages.outreach()
        message.subject = "Zeit für ein kurzes Gespräch über die Stelle als Café-Leitung in München? 🙂 Grüße"
        let head = header(try message.rendered())
        let unfolded = head.replacingOccurrences(of: "\r\n ", with: " ")
        let subjectLine = try #require(unfolded.split(separator: "\r\n").first { $0.hasPrefix("Subject: ") })
        let decoded = subjectLine.dropFirst("Subject: ".count).split(separator: " ").map { word -> String in
            let base64 = word.dropFirst("=?utf-8?B?".count).dropLast(2)
            return String(decoding: Data(base64Encoded: String(base64))!, as: UTF8.self)
        }.joined()
        #expect(decoded == message.subject)
    }

    @Test func quotesASCIINamesWithSpecials() throws {
        var message = TestMessages.outreach()
        message.from.name = #"Doe, John "JD""#
        #expect(try message.rendered().contains(#"From: "Doe, John \"JD\"" <jobs@parley.test>"#))
    }

    @Test func rendersBareAddressWithoutName() throws {
        var message = TestMessages.outreach()
        message.to = EmailAddress("jane@example.com")
        #expect(try message.rendered().contains("To: jane@example.com\r\n"))
        #expect(message.envelopeRecipients == ["jane@example.com"])
        #expect(message.envelopeFrom == "jobs@parley.test")
    }

    @Test func omitsOptionalHeaders() throws {
        var message = TestMessages.outreach()
        message.replyTo = nil
        message.inReplyTo = nil
        message.references = []
        message.extraHeaders = []
        let head = header(try message.rendered())
        #expect(!head.contains("Reply-To:"))
        #expect(!head.contains("In-Reply-To:"))
        #expect(!head.contains("References:"))
    }

    @Test func acceptsMessageIDsWithBrackets() throws {
        var message = TestMessages.outreach()
        message.inReplyTo = "<CAF=abc+def@mail.gmail.com>"
        #expect(try message.rendered().contains("In-Reply-To: <CAF=abc+def@mail.gmail.com>\r\n"))
    }

    @Test(arguments: [
        ("subject", "Hello\r\nBcc: victim@example.com"),
        ("subject", "Hello\nX-Injected: yes"),
        ("name", "Jane\rDoe"),
        ("extra", "<https://x>\r\nBcc: a@b.c"),
        ("address", "jane@example.com\r\nBcc: a@b.c"),
        ("messageID", "abc@x\r\nBcc: a@b.c"),
    ])
    func rejectsHeaderInjection(field: String, value: String) throws {
        var message = TestMessages.outreach()
        switch field {
        case "subject": message.subject = value
        case "name": message.to.name = value
        case "extra": message.extraHeaders = [EmailHeader(name: "List-Unsubscribe", value: value)]
        case "address": message.to.address = value
        default: message.messageID = value
        }
        #expect(throws: EmailMessageError.controlCharacter(field: try #require(Self.fieldNames[field]))) { try message.rendered() }
    }

    private static let fieldNames = [
        "subject": "Subject", "name": "To name", "extra": "List-Unsubscribe", "address": "To", "messageID": "Message-ID",
    ]

    @Test func rejectsInvalidAddressesAndHeaderNames() {
        var message = TestMessages.outreach()
        message.to.address = "Jane <jane@example.com>"
        #expect(throws: EmailMessageError.invalidAddress(field: "To")) { try message.rendered() }
        message = TestMessages.outreach()
        message.to.address = "jané@example.com"
        #expect(throws: EmailMessageError.invalidAddress(field: "To")) { try message.rendered() }
        message = TestMessages.outreach()
        message.extraHeaders = [EmailHeader(name: "Bad Name", value: "x")]
        #expect(throws: EmailMessageError.invalidHeaderName("Bad Name")) { try message.rendered() }
        message.extraHeaders = [EmailHeader(name: "subject", value: "again")]
        #expect(throws: EmailMessageError.reservedHeaderName("subject")) { try message.rendered() }
        message.extraHeaders = []
        message.messageID = "has space@x"
        #expect(throws: EmailMessageError.invalidMessageID(field: "Message-ID")) { try message.rendered() }
    }

    @Test func errorDescriptionsNameTheFieldNotTheValue() {
        #expect(EmailMessageError.controlCharacter(field: "Subject").description == "Subject must not contain line breaks or control characters")
    }

    @Test func bodyIsQuotedPrintable() throws {
        let rendered = try TestMessages.outreach().rendered()
        let body = String(rendered[rendered.range(of: "\r\n\r\n")!.upperBound...])
        #expect(body.hasPrefix("Hi Jos=C3=A9,\r\n"))
        #expect(body.contains("Price =3D 100=E2=82=AC\r\n"))
        #expect(body.contains("Trailing spaces stay: =20\r\n"))
        #expect(body.contains("\r\n.hidden files"))
        for line in lines(body) { #expect(line.count <= 76) }
    }
}
