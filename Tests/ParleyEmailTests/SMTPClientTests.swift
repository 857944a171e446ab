import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import ParleyEmail
import ParleyTesting
import Testing

/// Real mail through a real SMTP server (aiosmtpd, via smtp_sink.py) in every security mode, and the failures a
/// caller must tell apart.
@Suite struct SMTPClientTests {
    private let logger = Logger(label: "parley.smtp.test")

    private func client(trustingTestCertificate: Bool = true, timeout: Duration = .seconds(10)) throws -> SMTPClient {
        SMTPClient(
            tlsConfiguration: trustingTestCertificate ? try SMTPSink.trustingTestCertificate() : .makeClientConfiguration(), timeout: timeout,
            logger: logger
        )
    }

    private func relay(_ sink: SMTPSink, host: String? = nil, security: SMTPRelay.Security, authenticate: Bool = true) -> SMTPRelay {
        SMTPRelay(
            host: host ?? sink.host, port: sink.port, security: security, username: authenticate ? SMTPSink.username : nil,
            password: authenticate ? SMTPSink.password : nil
        )
    }

    /// Sends through `relay` and expects an ``SMTPError``.
    private func sendFailure(_ message: EmailMessage = TestMessages.outreach(), via relay: SMTPRelay, client: SMTPClient) async -> SMTPError? {
        do {
            try await client.send(message, via: relay)
            return nil
        } catch {
            return error
        }
    }

    /// What arrived must be the message: envelope, decoded headers and the decoded UTF-8 body.
    private func expectDelivered(_ received: [SMTPSink.Received], authMechanism: String) throws {
        let message = try #require(received.first)
        #expect(received.count == 1)
        #expect(message.mailFrom == "jobs@parley.test")
        #expect(message.rcptTos == ["jose@example.com"])
        #expect(message.authLogin == SMTPSink.username)
        #expect(message.authMechanism == authMechanism)
        #expect(message.headers["Subject"] == "Quick question about the Café Lead role — 5 minutes?")
        #expect(message.headers["From"] == "Parley Recruiting <jobs@parley.test>")
        #expect(message.headers["To"] == "José Müller <jose@example.com>")
        #expect(message.headers["Reply-To"] == "reply+abc123@parley.test")
        #expect(message.headers["Message-ID"] == "<outreach-1@parley.test>")
        #expect(message.headers["In-Reply-To"] == "<earlier@parley.test>")
        #expect(message.headers["References"] == "<first@parley.test> <earlier@parley.test>")
        #expect(message.headers["List-Unsubscribe"] == "<https://parley.test/unsubscribe/abc123>")
        #expect(message.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click")
        #expect(message.headers["Date"] == "Tue, 03 Mar 2026 10:00:00 +0000")
        #expect(message.body == TestMessages.body + "\n")
        // Dot-stuffing was undone by the server: the raw data has single dots again.
        #expect(message.data.contains("\r\n.hidden files"))
        #expect(message.data.contains("\r\n.\r\n"))
    }

    @Test func sendsInPlainTextOnLoopbackWithAuth() async throws {
        let sink = try await SMTPSink(tls: .none)
        defer { sink.stop() }
        try await client().send(TestMessages.outreach(), via: relay(sink, security: .plain))
        try expectDelivered(sink.received(), authMechanism: "PLAIN")
    }

    @Test func logsStagesAndCodesButNoAddressesContentOrCredentials() async throws {
        let sink = try await SMTPSink(tls: .startTLS)
        defer { sink.stop() }
        let (logger, logs) = RecordingLogHandler.logger()
        let client = SMTPClient(tlsConfiguration: try SMTPSink.trustingTestCertificate(), logger: logger)
        try await client.send(TestMessages.outreach(), via: relay(sink, host: "localhost", security: .startTLS))
        _ = await sendFailure(
            TestMessages.outreach(to: "reject-me@example.com"), via: relay(sink, host: "localhost", security: .startTLS), client: client)
        let entries = logs.all
        #expect(entries.contains { $0.contains("smtp.stage=end-of-data") && $0.contains("smtp.code=250") })
        #expect(entries.contains { $0.contains("smtp.stage=rcpt-to") && $0.contains("smtp.code=550") })
        for entry in entries {
            for secret in ["@", SMTPSink.password, "AHBhcmxleQ", "José", "Café", "Jos=C3"] { #expect(!entry.contains(secret), "\(entry)") }
        }
    }

    @Test func sendsWithSTARTTLSAndAuthPlain() async throws {
        let sink = try await SMTPSink(tls: .startTLS)
        defer { sink.stop() }
        // "localhost" exercises SNI and checking the certificate's DNS name.
        try await client().send(TestMessages.outreach(), via: relay(sink, host: "localhost", security: .startTLS))
        try expectDelivered(sink.received(), authMechanism: "PLAIN")
    }

    @Test func sendsWithImplicitTLSAndAuthLogin() async throws {
        let sink = try await SMTPSink(tls: .implicit, authMechanisms: "LOGIN")
        defer { sink.stop() }
        // An IP address: no SNI, the certificate is checked against the address.
        try await client().send(TestMessages.outreach(), via: relay(sink, security: .implicitTLS))
        try expectDelivered(sink.received(), authMechanism: "LOGIN")
    }

    @Test func continuesWithoutSTARTTLSOnlyOnLoopback() async throws {
        let sink = try await SMTPSink(tls: .none)
        defer { sink.stop() }
        try await client().send(TestMessages.outreach(), via: relay(sink, security: .startTLS))
        #expect(try sink.received().count == 1)
    }

    @Test(.enabled(if: SMTPSink.nonLoopbackIPv4 != nil, "needs a non-loopback IPv4 address"))
    func refusesRemoteRelayWithoutSTARTTLS() async throws {
        let sink = try await SMTPSink(tls: .none, host: try #require(SMTPSink.nonLoopbackIPv4))
        defer { sink.stop() }
        let error = await sendFailure(via: relay(sink, security: .startTLS), client: try client())
        #expect(error == .startTLSNotOffered)
        #expect(error?.outcome == .permanent)
        #expect(try sink.received().isEmpty)
    }

    @Test func refusesPlainRelayOffLoopbackWithoutConnecting() async throws {
        let relay = SMTPRelay(host: "192.0.2.1", port: 25, security: .plain)
        let error = await sendFailure(via: relay, client: try client())
        #expect(error == .plaintextNotAllowed)
        #expect(error?.outcome == .permanent)
    }

    @Test func recipientRejectedWith5xxIsPermanent() async throws {
        let sink = try await SMTPSink(tls: .none)
        defer { sink.stop() }
        let error = await sendFailure(TestMessages.outreach(to: "reject-me@example.com"), via: relay(sink, security: .plain), client: try client())
        #expect(error == .rejected(stage: .rcptTo, code: 550, enhancedCode: "5.1.1"))
        #expect(error?.outcome == .permanent)
        #expect(error?.description == "SMTP rcpt-to failed: the server replied 550 (5.1.1)")
    }

    @Test func recipientDeferredWith4xxIsRetryable() async throws {
        let sink = try await SMTPSink(tls: .none)
        defer { sink.stop() }
        let error = await sendFailure(TestMessages.outreach(to: "defer@example.com"), via: relay(sink, security: .plain), client: try client())
        #expect(error == .rejected(stage: .rcptTo, code: 451, enhancedCode: "4.3.0"))
        #expect(error?.outcome == .retryable)
    }

    @Test func connectionDroppedBeforeDataIsRetryable() async throws {
        let sink = try await SMTPSink(tls: .none)
        defer { sink.stop() }
        let error = await sendFailure(TestMessages.outreach(to: "drop@example.com"), via: relay(sink, security: .plain), client: try client())
        #expect(error?.stage == .rcptTo)
        #expect(error?.outcome == .retryable)
    }

    @Test func wrongPasswordIsPermanent() async throws {
        let sink = try await SMTPSink(tls: .none)
        defer { sink.stop() }
        var relay = relay(sink, security: .plain)
        relay.password = "wrong"
        let error = await sendFailure(via: relay, client: try client())
        #expect(error?.stage == .auth)
        #expect(error?.replyCode == 535)
        #expect(error?.outcome == .permanent)
        #expect(error?.description.contains("wrong") == false)
    }

    @Test func noUsableAuthMechanismIsPermanent() async throws {
        let sink = try await SMTPSink(tls: .none, authMechanisms: "")
        defer { sink.stop() }
        let error = await sendFailure(via: relay(sink, security: .plain), client: try client())
        #expect(error == .noUsableAuthMechanism(offered: []))
        #expect(error?.outcome == .permanent)
    }

    @Test func untrustedCertificateIsATLSFailure() async throws {
        let sink = try await SMTPSink(tls: .implicit)
        defer { sink.stop() }
        let error = await sendFailure(via: relay(sink, security: .implicitTLS), client: try client(trustingTestCertificate: false))
        guard case .tlsHandshakeFailed = error else {
            Issue.record("expected a TLS handshake failure, got \(String(describing: error))")
            return
        }
        #expect(error?.outcome == .retryable)
    }

    @Test func connectionRefusedIsRetryable() async throws {
        let port = try await Self.closedPort()
        let error = await sendFailure(via: SMTPRelay(host: "127.0.0.1", port: port, security: .plain), client: try client())
        guard case .connectionFailed = error else {
            Issue.record("expected a connection failure, got \(String(describing: error))")
            return
        }
        #expect(error?.outcome == .retryable)
    }

    @Test func noReplyToTheFinalDotIsUnknown() async throws {
        let sink = try await SMTPSink(tls: .none, hangAfterData: true)
        defer { sink.stop() }
        let started = ContinuousClock.now
        // The timeout covers the whole exchange, so it leaves room for a slow sink on a busy machine.
        let error = await sendFailure(via: relay(sink, security: .plain), client: try client(timeout: .seconds(10)))
        #expect(error == .noReplyAfterMessage(timedOut: true))
        #expect(error?.outcome == .unknown)
        #expect(ContinuousClock.now - started < .seconds(60))
    }

    @Test func connectionClosedAfterTheFinalDotIsUnknown() async throws {
        let sink = try await SMTPSink(tls: .none, dropAfterData: true)
        defer { sink.stop() }
        let error = await sendFailure(via: relay(sink, security: .plain), client: try client(timeout: .seconds(30)))
        #expect(error == .noReplyAfterMessage(timedOut: false))
        #expect(error?.outcome == .unknown)
    }

    /// A port nothing listens on: bound, then closed.
    private static func closedPort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(channel.localAddress?.port)
        try await channel.close()
        return port
    }
}
