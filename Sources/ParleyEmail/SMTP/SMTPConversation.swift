import Foundation
import Logging
import NIOCore
import NIOSSL

/// One SMTP exchange on an open connection, from the greeting to `QUIT`. It tracks the stage so that every
/// failure maps to the right ``SMTPError``, above all whether the final `.` had been written.
struct SMTPConversation {
    private var replies: NIOAsyncChannelInboundStream<SMTPReply>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private let channel: any Channel
    private let relay: SMTPRelay
    private let tls: NIOSSLContext?
    private let clientHostname: String
    private let deadline: NIODeadline
    private let logger: Logger

    private var stage = SMTPStage.greeting
    /// Whether TLS was just started and no reply has come through it yet: failures now are handshake failures.
    private var handshaking: Bool

    init(
        replies: NIOAsyncChannelInboundStream<SMTPReply>.AsyncIterator, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>, channel: any Channel,
        relay: SMTPRelay, tls: NIOSSLContext?, clientHostname: String, deadline: NIODeadline, logger: Logger
    ) {
        self.replies = replies
        self.outbound = outbound
        self.channel = channel
        self.relay = relay
        self.tls = tls
        self.clientHostname = clientHostname
        self.deadline = deadline
        self.logger = logger
        self.handshaking = relay.security == .implicitTLS
    }

    /// The whole exchange for one message; `content` is the rendered message.
    mutating func send(_ content: [UInt8], envelope: SMTPEnvelope) async throws(SMTPError) {
        try await expect(220)
        var capabilities = try await hello()
        if relay.security == .startTLS {
            if capabilities["STARTTLS"] != nil {
                try await startTLS()
                capabilities = try await hello()
            } else if relay.requiresTLS {
                throw .startTLSNotOffered
            } else {
                logger.notice("SMTP relay on loopback does not offer STARTTLS; continuing in plain text")
            }
        }
        if let credentials = relay.credentials {
            try await authenticate(username: credentials.username, password: credentials.password, offered: capabilities["AUTH"] ?? [])
        }

        stage = .mailFrom
        try await command("MAIL FROM:<\(envelope.from)>")
        try await expect(250)
        stage = .rcptTo
        for recipient in envelope.recipients {
            try await command("RCPT TO:<\(recipient)>")
            try await expect(250, 251)
        }
        stage = .data
        try await command("DATA")
        try await expect(354)
        try await write(SMTPDataEncoding.encode(content))
        stage = .endOfData
        try await expect(250)
        await quit()
    }

    // MARK: Steps

    /// `EHLO`, returning the extensions the server offers.
    private mutating func hello() async throws(SMTPError) -> [String: [String]] {
        stage = .ehlo
        try await command("EHLO \(clientHostname)")
        return try await expect(250).extensions
    }

    /// `STARTTLS`, then TLS in front of the reply decoder. The decoder refuses any plain text that follows the
    /// server's `220`.
    private mutating func startTLS() async throws(SMTPError) {
        stage = .startTLS
        guard let tls else { throw .invalidTLSConfiguration(reason: "no TLS context") }
        let pipeline = channel.pipeline
        do {
            try await channel.eventLoop.submit { try pipeline.syncOperations.handler(type: SMTPReplyDecoder.self).expectsTLSAfterNextReply = true }
                .get()
        } catch {
            throw failure(error)
        }
        try await command("STARTTLS")
        try await expect(220)
        stage = .tlsHandshake
        let serverName = Self.serverName(for: relay.host)
        do {
            try await channel.eventLoop.submit {
                let decoder = try pipeline.syncOperations.handler(type: SMTPReplyDecoder.self)
                guard !decoder.hasBufferedBytes else { throw SMTPReplyDecoder.DecodingError.plainTextAfterStartTLS }
                try pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: serverName), position: .first)
                decoder.tlsInstalled()
            }.get()
        } catch {
            throw failure(error)
        }
        handshaking = true
    }

    /// `AUTH PLAIN` when offered, else `AUTH LOGIN`.
    private mutating func authenticate(username: String, password: String, offered: [String]) async throws(SMTPError) {
        stage = .auth
        if offered.contains("PLAIN") {
            let token = Data(([0] + Array(username.utf8) + [0] + Array(password.utf8))).base64EncodedString()
            try await command("AUTH PLAIN \(token)")
            try await expect(235)
        } else if offered.contains("LOGIN") {
            try await command("AUTH LOGIN")
            try await expect(334)
            try await command(Data(username.utf8).base64EncodedString())
            try await expect(334)
            try await command(Data(password.utf8).base64EncodedString())
            try await expect(235)
        } else {
            throw .noUsableAuthMechanism(offered: offered)
        }
    }

    /// `QUIT`, politely and briefly: the message is already accepted, so nothing here can fail the send.
    private mutating func quit() async {
        stage = .quit
        let closing = channel.eventLoop.scheduleTask(in: .seconds(2)) { [channel] in channel.close(promise: nil) }
        defer { closing.cancel() }
        do {
            try await command("QUIT")
            _ = try await read()
        } catch {
            logger.debug("SMTP quit got no reply", metadata: ["smtp.stage": "\(stage)"])
        }
    }

    // MARK: Reading and writing

    /// Writes one command line. Its text is never logged: it may carry addresses or credentials.
    private func command(_ line: String) async throws(SMTPError) {
        logger.trace("SMTP command", metadata: ["smtp.stage": "\(stage)"])
        try await write(Array((line + "\r\n").utf8))
    }

    private func write(_ bytes: [UInt8]) async throws(SMTPError) {
        do {
            try await outbound.write(ByteBuffer(bytes: bytes))
        } catch {
            throw failure(error)
        }
    }

    /// Reads the next reply and requires one of `codes`.
    @discardableResult
    private mutating func expect(_ codes: Int...) async throws(SMTPError) -> SMTPReply {
        let reply = try await read()
        logger.debug("SMTP reply", metadata: ["smtp.stage": "\(stage)", "smtp.code": "\(reply.code)"])
        guard codes.contains(reply.code) else {
            throw .rejected(stage: stage, code: reply.code, enhancedCode: reply.enhancedStatusCode)
        }
        return reply
    }

    private mutating func read() async throws(SMTPError) -> SMTPReply {
        let reply: SMTPReply?
        do {
            reply = try await replies.next()
        } catch {
            throw failure(error)
        }
        guard let reply else { throw failure(nil) }
        handshaking = false
        return reply
    }

    /// The error for a failed read or write at the current stage; `nil` when the connection simply ended.
    private func failure(_ error: (any Error)?) -> SMTPError {
        let timedOut = NIODeadline.now() >= deadline
        if let error {
            if let decoding = error as? SMTPReplyDecoder.DecodingError {
                return .protocolViolation(stage: stage, reason: decoding.description)
            }
            if !timedOut, handshaking || Self.isTLSError(error) {
                return .tlsHandshakeFailed(reason: String(describing: error))
            }
        } else if handshaking, !timedOut {
            return .tlsHandshakeFailed(reason: "the connection closed during the handshake")
        }
        return stage == .endOfData ? .noReplyAfterMessage(timedOut: timedOut) : .connectionLost(stage: stage, timedOut: timedOut)
    }

    // MARK: Helpers

    /// Whether `error` comes from TLS: a failed handshake, certificate or host name check.
    static func isTLSError(_ error: any Error) -> Bool {
        error is NIOSSLError || error is NIOSSLExtraError || error is BoringSSLError
    }

    /// The name to send in SNI and to check the certificate against: the host, unless it is an IP address (the
    /// certificate is then checked against the address).
    static func serverName(for host: String) -> String? {
        (try? SocketAddress(ipAddress: host, port: 0)) == nil ? host : nil
    }
}
