import ParleyEmail
import Testing

@Suite struct SMTPRelayTests {
    @Test func parsesSMTPAndSMTPSURLs() throws {
        #expect(try SMTPRelay(url: "smtp://mail.example.com") == SMTPRelay(host: "mail.example.com", port: 587, security: .startTLS))
        #expect(try SMTPRelay(url: "smtps://mail.example.com") == SMTPRelay(host: "mail.example.com", port: 465, security: .implicitTLS))
        #expect(
            try SMTPRelay(url: "SMTP://mail.example.com:2525", username: "u", password: "p")
                == SMTPRelay(host: "mail.example.com", port: 2525, security: .startTLS, username: "u", password: "p"))
        #expect(try SMTPRelay(url: "smtp://[::1]:25").host == "::1")
    }

    @Test(arguments: [
        ("http://mail.example.com", "SMTP relay URL scheme must be smtp or smtps, not http"),
        ("smtp://", "SMTP relay URL must name a host"),
        ("mail.example.com:587", "SMTP relay URL scheme must be smtp or smtps, not mail.example.com"),
        ("smtp://user:pass@mail.example.com", "SMTP relay URL must not carry credentials; configure the user name and password separately"),
        ("smtp://mail.example.com/path", "SMTP relay URL must be only smtp[s]://host[:port]"),
        ("", "SMTP relay URL must look like smtp://host[:port] or smtps://host[:port]"),
    ])
    func rejectsOtherURLs(url: String, message: String) {
        let error = #expect(throws: SMTPRelay.URLError.self) { try SMTPRelay(url: url) }
        #expect(error?.description == message)
    }

    @Test(arguments: ["localhost", "LOCALHOST", "localhost.", "127.0.0.1", "127.1.2.3", "::1", "[::1]", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1"])
    func loopbackHostsMayUsePlainText(host: String) {
        let relay = SMTPRelay(host: host, port: 25, security: .plain)
        #expect(relay.isLoopback)
        #expect(!relay.requiresTLS)
    }

    @Test(arguments: ["mail.example.com", "192.168.1.10", "10.0.0.1", "128.0.0.1", "::2", "localhost.example.com", "127.1", "2130706433", ""])
    func otherHostsRequireTLS(host: String) {
        #expect(SMTPRelay(host: host, port: 25, security: .startTLS).requiresTLS)
    }

    @Test func descriptionHidesCredentials() {
        let relay = SMTPRelay(host: "mail.example.com", port: 587, security: .startTLS, username: "user@example.com", password: "secret")
        #expect(relay.description == "mail.example.com:587 (startTLS, authenticated)")
    }
}
