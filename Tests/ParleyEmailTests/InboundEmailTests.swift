import NIOCore
import ParleyEmail
import Testing

@Suite struct InboundEmailTests {
    /// A `multipart/form-data` body with `fields`, the way SendGrid and Mailgun post it.
    private func multipart(_ fields: [(String, String)], boundary: String = "xYzZY") -> [UInt8] {
        var body = ""
        for (name, value) in fields {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"attachment1\"; filename=\"cv.pdf\"\r\n"
        body += "Content-Type: application/pdf\r\n\r\n%PDF-1.4 binary\r\n"
        body += "--\(boundary)--\r\n"
        return Array(body.utf8)
    }

    private let sendGridHeaders = """
        Received: by mx0047p1mdw1.sendgrid.net with SMTP id 6WCVv7KAWn Tue, 03 Mar 2026 10:05:00 +0000 (UTC)
        DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;
                d=gmail.com; s=20230601
        Message-ID: <CAJ5z=abc123@mail.gmail.com>
        In-Reply-To:
         <outreach-1@parley.test>
        References: <first@parley.test> <outreach-1@parley.test>
        From: "Doe, Jane" <Jane.Doe@Example.com>
        To: reply+abc123@parley.test
        Subject: Re: Senior Engineer role
        """

    @Test func parsesSendGridInboundParse() throws {
        let body = multipart([
            ("headers", sendGridHeaders),
            ("dkim", "{@gmail.com : pass}"),
            ("to", "reply+abc123@parley.test"),
            ("cc", "\"Recruiter, Team\" <team@parley.test>"),
            ("html", "<div dir=\"ltr\">Yes</div>"),
            ("from", "\"Doe, Jane\" <Jane.Doe@Example.com>"),
            ("text", "Yes\r\n\r\nOn Tue, 3 Mar 2026 at 10:00, Parley <jobs@parley.test> wrote:\r\n> Hi"),
            ("sender_ip", "209.85.208.54"),
            ("envelope", #"{"to":["reply+abc123@parley.test","bcc-copy@parley.test"],"from":"Jane.Doe@Example.com"}"#),
            ("attachments", "1"),
            ("subject", "Re: Senior Engineer role — Café"),
            ("charsets", #"{"to":"UTF-8","html":"UTF-8","subject":"UTF-8","from":"UTF-8","text":"UTF-8"}"#),
            ("SPF", "pass"),
        ])
        let email = try InboundEmail.parse(contentType: "multipart/form-data; boundary=xYzZY", body: body)
        #expect(email.from == "Jane.Doe@Example.com")
        #expect(email.to == ["reply+abc123@parley.test", "bcc-copy@parley.test", "team@parley.test"])
        #expect(email.subject == "Re: Senior Engineer role — Café")
        #expect(email.text.hasPrefix("Yes\r\n\r\nOn Tue"))
        #expect(email.messageID == "CAJ5z=abc123@mail.gmail.com")
        #expect(email.inReplyTo == "outreach-1@parley.test")
        #expect(email.references == ["first@parley.test", "outreach-1@parley.test"])
    }

    @Test func sendGridWithoutEnvelopeUsesHeaderAddressesAndCharsets() throws {
        var body = multipart([("from", "Jane <jane@example.com>"), ("to", "a@parley.test, \"B, Team\" <b@parley.test>"), ("subject", "Hi")])
        // A Latin-1 text part, as SendGrid passes it with its charset named in `charsets`.
        let latin1Text: [UInt8] =
            Array("--xYzZY\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nGr".utf8) + [0xFC, 0xDF, 0x65] + Array("\r\n".utf8)
            + Array("--xYzZY\r\nContent-Disposition: form-data; name=\"charsets\"\r\n\r\n{\"text\":\"iso-8859-1\"}\r\n".utf8)
        body.insert(contentsOf: latin1Text, at: 0)
        let email = try InboundEmail.parse(contentType: "multipart/form-data; boundary=\"xYzZY\"", body: ByteBuffer(bytes: body))
        #expect(email.from == "jane@example.com")
        #expect(email.to == ["a@parley.test", "b@parley.test"])
        #expect(email.text == "Grüße")
        #expect(email.messageID == nil)
    }

    @Test func sendGridHTMLOnlyBecomesText() throws {
        let body = multipart([
            ("from", "jane@example.com"), ("to", "reply@parley.test"),
            ("html", "<html><style>p{}</style><body><p>Yes &amp; thanks &amp;lt;3 &#233;</p><div>Jane<br>Doe</div></body></html>"),
        ])
        let email = try InboundEmail.parse(contentType: "multipart/form-data; boundary=xYzZY", body: body)
        #expect(email.text == "Yes & thanks &lt;3 é\nJane\nDoe")
    }

    @Test func parsesMailgunMultipart() throws {
        let body = multipart([
            ("recipient", "reply+abc123@parley.test"),
            ("sender", "jane@example.com"),
            ("from", "Jane Doe <jane@example.com>"),
            ("subject", "Re: Senior Engineer role"),
            ("body-plain", "No thanks.\n\n> quoted"),
            ("stripped-text", "No thanks."),
            ("Message-Id", "<mg-1@mail.example.com>"),
            ("In-Reply-To", "<outreach-1@parley.test>"),
            ("References", "<outreach-1@parley.test>"),
            ("message-headers", #"[["To", "Parley <reply+abc123@parley.test>, other@parley.test"], ["Cc", "cc@parley.test"]]"#),
            ("timestamp", "1772532300"),
        ])
        let email = try InboundEmail.parse(contentType: "multipart/form-data; boundary=xYzZY", body: body)
        #expect(email.from == "jane@example.com")
        #expect(email.to == ["reply+abc123@parley.test", "other@parley.test", "cc@parley.test"])
        #expect(email.text == "No thanks.\n\n> quoted")
        #expect(email.messageID == "mg-1@mail.example.com")
        #expect(email.inReplyTo == "outreach-1@parley.test")
        #expect(email.references == ["outreach-1@parley.test"])
    }

    @Test func parsesMailgunURLEncoded() throws {
        let body =
            "recipient=reply%2Babc123%40parley.test&sender=jane%40example.com&from=Jane+Doe+%3Cjane%40example.com%3E"
            + "&subject=Re%3A+Caf%C3%A9&body-plain=Yes%0D%0A&Message-Id=%3Cmg-2%40mail.example.com%3E&In-Reply-To=%3Coutreach-1%40parley.test%3E"
        let email = try InboundEmail.parse(contentType: "application/x-www-form-urlencoded; charset=utf-8", body: Array(body.utf8))
        #expect(email.from == "jane@example.com")
        #expect(email.to == ["reply+abc123@parley.test"])
        #expect(email.subject == "Re: Café")
        #expect(email.text == "Yes\r\n")
        #expect(email.messageID == "mg-2@mail.example.com")
        #expect(email.inReplyTo == "outreach-1@parley.test")
    }

    @Test func parsesOwnJSON() throws {
        let body = #"""
            {"from": "\"Doe, Jane\" <jane@example.com>", "to": ["reply+abc@parley.test", "Other <other@parley.test>"],
             "subject": "Re: role", "text": "Yes", "messageId": "<m1@example.com>", "inReplyTo": "outreach-1@parley.test"}
            """#
        let email = try InboundEmail.parse(contentType: "application/json", body: Array(body.utf8))
        #expect(
            email
                == InboundEmail(
                    from: "jane@example.com", to: ["reply+abc@parley.test", "other@parley.test"], subject: "Re: role", text: "Yes",
                    messageID: "m1@example.com", inReplyTo: "outreach-1@parley.test"))
    }

    @Test(arguments: [
        (#"{"to": ["a@b.c"], "text": "x"}"#, InboundEmailError.missingField("from")),
        (#"{"from": "a@b.c", "text": "x"}"#, .missingField("to")),
        (#"{"from": "a@b.c", "to": []}"#, .missingField("to")),
        (#"{"from": "a@b.c", "to": ["x@y.z"]}"#, .missingField("text")),
        (#"{"from": "a@b.c", "to": 5, "text": "x"}"#, .malformed("to must be an array of strings")),
        (#"not json"#, .malformed("body must be a JSON object")),
    ])
    func jsonErrorsNameTheField(body: String, error: InboundEmailError) {
        #expect(throws: error) { try InboundEmail.parse(contentType: "application/json", body: Array(body.utf8)) }
    }

    @Test func formErrorsNameTheField() {
        #expect(throws: InboundEmailError.missingField("from")) {
            try InboundEmail.parse(contentType: "multipart/form-data; boundary=xYzZY", body: multipart([("to", "a@b.c"), ("text", "x")]))
        }
        #expect(throws: InboundEmailError.missingField("body-plain")) {
            try InboundEmail.parse(contentType: "application/x-www-form-urlencoded", body: Array("recipient=a%40b.c&sender=x%40y.z".utf8))
        }
        #expect(InboundEmailError.missingField("from").description == "from is required")
    }

    @Test func rejectsUnsupportedContentTypes() {
        #expect(throws: InboundEmailError.unsupportedContentType("text/plain")) {
            try InboundEmail.parse(contentType: "text/plain", body: Array("hi".utf8))
        }
        #expect(throws: InboundEmailError.malformed("multipart/form-data content type has no boundary")) {
            try InboundEmail.parse(contentType: "multipart/form-data", body: [])
        }
    }
}
