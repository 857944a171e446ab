package import Logging
package import NIOCore
import NIOPosix
package import NIOSSL

/// Sends mail through an SMTP relay over SwiftNIO: greeting, `EHLO`, `STARTTLS` or implicit TLS, `AUTH PLAIN` or
/// `AUTH LOGIN`, `MAIL FROM`, `RCPT TO`, `DATA`, `QUIT`. TLS is required unless the relay is on loopback. Logs carry
/// stage names and reply codes only, never addresses, message content or credentials.
package struct SMTPClient: Sendable {
    private let group: any EventLoopGroup
    private let tlsContext: Result<NIOSSLContext, SMTPError>
    private let timeout: Duration
    private let clientHostname: String
    private let logger: Logger

    /// - Parameters:
    ///   - group: Where connections run.
    ///   - tlsConfiguration: How the relay's certificate is checked; tests pass one that trusts a test certificate.
    ///   - timeout: The longest one whole exchange may take, connecting included.
    ///   - clientHostname: The name this client gives in `EHLO`.
    ///   - logger: Where stage names and reply codes are logged.
    package init(
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        tlsConfiguration: TLSConfiguration = .makeClientConfiguration(),
        timeout: Duration = .seconds(30),
        clientHostname: String = "parley.localhost",
        logger: Logger
    ) {
        self.group = group
        self.tlsContext = Result { try NIOSSLContext(configuration: tlsConfiguration) }
            .mapError { SMTPError.invalidTLSConfiguration(reason: String(describing: $0)) }
        self.timeout = timeout
        self.clientHostname = clientHostname
        self.logger = logger
    }

    /// Sends `message` to its envelope recipients through `relay`. Returns once the server accepted the message;
    /// throws an ``SMTPError`` whose ``SMTPError/outcome`` says whether to try again.
    package func send(_ message: EmailMessage, via relay: SMTPRelay) async throws(SMTPError) {
        let content: [UInt8]
        do {
            content = try message.renderedBytes()
        } catch {
            throw .invalidMessage(error)
        }
        guard relay.security != .plain || !relay.requiresTLS else { throw .plaintextNotAllowed }
        let tls = relay.security == .plain ? nil : try tlsContext.get()
        let envelope = SMTPEnvelope(from: message.envelopeFrom, recipients: message.envelopeRecipients)
        var logger = self.logger
        logger[metadataKey: "smtp.relay"] = "\(relay.host):\(relay.port)"
        logger[metadataKey: "smtp.security"] = "\(relay.security.rawValue)"

        let deadline = NIODeadline.now() + TimeAmount(timeout)
        let channel = try await connect(to: relay, tls: tls, deadline: deadline, logger: logger)
        let timer = channel.channel.eventLoop.scheduleTask(deadline: deadline) { [channel = channel.channel] in channel.close(promise: nil) }
        defer { timer.cancel() }
        do {
            try await channel.executeThenClose { inbound, outbound in
                var conversation = SMTPConversation(
                    replies: inbound.makeAsyncIterator(), outbound: outbound, channel: channel.channel, relay: relay, tls: tls,
                    clientHostname: clientHostname, deadline: deadline, logger: logger
                )
                try await conversation.send(content, envelope: envelope)
            }
        } catch let error as SMTPError {
            logger.warning("SMTP send failed", metadata: ["smtp.stage": "\(error.stage)", "smtp.code": "\(error.replyCode.map(String.init) ?? "-")"])
            throw error
        } catch {
            // Unreachable: the conversation throws only SMTPError and closing errors are not reported. Should it
            // happen anyway, the message's fate is not known.
            logger.error("SMTP send failed unexpectedly", metadata: ["error.type": "\(type(of: error))"])
            throw .noReplyAfterMessage(timedOut: false)
        }
        logger.info("SMTP message accepted")
    }

    /// Opens the connection, with TLS from the first byte for implicit TLS.
    private func connect(
        to relay: SMTPRelay, tls: NIOSSLContext?, deadline: NIODeadline, logger: Logger
    ) async throws(SMTPError) -> NIOAsyncChannel<SMTPReply, ByteBuffer> {
        let implicitTLS = relay.security == .implicitTLS ? tls : nil
        let serverName = SMTPConversation.serverName(for: relay.host)
        logger.debug("SMTP connecting", metadata: ["smtp.stage": "\(SMTPStage.connect)"])
        do {
            return try await ClientBootstrap(group: group)
                .connectTimeout(max(deadline - .now(), .milliseconds(1)))
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .connect(host: relay.host, port: relay.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let implicitTLS {
                            try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: implicitTLS, serverHostname: serverName))
                        }
                        try channel.pipeline.syncOperations.addHandler(SMTPReplyDecoder())
                        return try NIOAsyncChannel<SMTPReply, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            if SMTPConversation.isTLSError(error) { throw .tlsHandshakeFailed(reason: String(describing: error)) }
            throw .connectionFailed(reason: String(describing: error))
        }
    }
}
