import Foundation
import HTTPTypes
package import Hummingbird
package import Logging
package import ParleyChannels
package import ParleyCore
import ParleyEmail
package import ParleyStore

/// The endpoints providers and candidates call, outside the `/v1` API and its keys: each proves itself
/// another way.
///
/// - `POST /channels/{id}/inbound`: candidates' messages. Twilio's carry `X-Twilio-Signature`, Meta's
///   `X-Hub-Signature-256`, an inbound-parse service's the connection's token in the URL. Anything unsigned or
///   wrongly signed answers 403 and stores nothing.
/// - `GET /channels/{id}/inbound`: Meta's subscription handshake.
/// - `POST /channels/{id}/status`: Twilio's status callbacks, signed.
/// - `GET` and `POST /unsubscribe/{conversation}/{token}`: an email's unsubscribe link (RFC 8058 one-click on
///   POST; GET only shows a button, since mail scanners follow links).
package struct ChannelCallbacks: Sendable {
    let connections: ChannelConnectionRepository
    let conversations: ConversationRepository
    let keyring: SecretKeyring
    let urls: CallbackURLs
    let ids: IDGenerator
    let clock: WallClock
    let logger: Logger

    package init(database: Database, keyring: SecretKeyring, urls: CallbackURLs, ids: IDGenerator, clock: WallClock, logger: Logger) {
        self.connections = ChannelConnectionRepository(database: database)
        self.conversations = ConversationRepository(database: database)
        self.keyring = keyring
        self.urls = urls
        self.ids = ids
        self.clock = clock
        self.logger = logger
    }

    /// The largest callback body read.
    static let bodyLimit = 1 << 20
    /// The largest inbound email read: SendGrid posts up to 30 MB.
    static let emailBodyLimit = 32 << 20

    /// Adds the routes to `router`.
    package func register<Context: RequestContext>(on router: Router<Context>) {
        router.post("/channels/{connection}/inbound") { request, context in try await inbound(request, context: context) }
        router.get("/channels/{connection}/inbound") { request, context in try await verifySubscription(request, context: context) }
        router.post("/channels/{connection}/status") { request, context in try await status(request, context: context) }
        router.get("/unsubscribe/{conversation}/{token}") { _, context in
            _ = try await unsubscribingConversation(context)
            return Self.unsubscribePage(done: false)
        }
        router.post("/unsubscribe/{conversation}/{token}") { _, context in
            _ = try await conversations.unsubscribe(try await unsubscribingConversation(context), ids: ids, at: clock.now())
            return Self.unsubscribePage(done: true)
        }
    }

    // MARK: Inbound messages and statuses

    private func inbound(_ request: Request, context: some RequestContext) async throws -> Response {
        let (connection, credentials) = try await self.connection(context)
        // Inbound-parse services post the whole email, attachments (a CV) included.
        let limit = connection.provider == .smtp ? Self.emailBodyLimit : Self.bodyLimit
        let body = Data(try await request.body.collect(upTo: limit).readableBytesView)
        switch connection.provider {
        case .twilio:
            let parameters = try verifiedTwilioParameters(request, body: body, authToken: credentials["authToken"] ?? "")
            if case .message(let message)? = TwilioCallback.message(parameters) {
                try await receive(message, on: connection)
            }
            // An empty TwiML answer: Twilio sends nothing back on its own.
            return Response(
                status: .ok, headers: [.contentType: "text/xml"],
                body: .init(byteBuffer: ByteBuffer(string: #"<?xml version="1.0" encoding="UTF-8"?><Response></Response>"#))
            )
        case .meta:
            guard MetaWebhook.isSigned(body, header: request.headers[.hubSignature], appSecret: credentials["appSecret"] ?? "") else {
                throw refused(connection)
            }
            for event in MetaWebhook.events(in: body, phoneNumberID: credentials["phoneNumberId"] ?? "") {
                try await apply(event, on: connection)
            }
            return Response(status: .ok)
        case .smtp:
            let token = request.uri.queryParameters.get("token") ?? ""
            guard try await keyring.box().verify(token, for: CallbackURLs.inboundEmailPurpose, connection.id.uuidString) else {
                throw refused(connection)
            }
            let email: InboundEmail
            do {
                email = try InboundEmail.parse(contentType: request.headers[.contentType] ?? "", body: Array(body))
            } catch {
                throw APIError.badRequest("body", "\(error)")
            }
            try await receive(email, on: connection)
            return Response(status: .ok)
        }
    }

    private func verifySubscription(_ request: Request, context: some RequestContext) async throws -> Response {
        let (connection, credentials) = try await self.connection(context)
        let query = request.uri.queryParameters
        guard connection.provider == .meta,
            let challenge = MetaWebhook.challenge(
                mode: query.get("hub.mode"), verifyToken: query.get("hub.verify_token"), challenge: query.get("hub.challenge"),
                expectedToken: credentials["verifyToken"] ?? ""
            )
        else { throw refused(connection) }
        return Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: challenge)))
    }

    private func status(_ request: Request, context: some RequestContext) async throws -> Response {
        let (connection, credentials) = try await self.connection(context)
        guard connection.provider == .twilio else { throw APIError.notFound("connection") }
        let body = Data(try await request.body.collect(upTo: Self.bodyLimit).readableBytesView)
        let parameters = try verifiedTwilioParameters(request, body: body, authToken: credentials["authToken"] ?? "")
        if let event = TwilioCallback.status(parameters) { try await apply(event, on: connection) }
        return Response(status: .ok)
    }

    /// The form parameters of a Twilio request whose signature matches the URL Twilio called (the server's
    /// public URL, then the path and query) and the parameters.
    private func verifiedTwilioParameters(_ request: Request, body: Data, authToken: String) throws -> [(name: String, value: String)] {
        let parameters = FormURLEncoding.decode(String(decoding: body, as: UTF8.self))
        let query = request.uri.query.map { "?\($0)" } ?? ""
        let url = urls.base + request.uri.path + query
        guard TwilioSignature.isValid(request.headers[.twilioSignature], url: url, parameters: parameters, authToken: authToken) else {
            throw APIError(.forbidden, "X-Twilio-Signature: does not match this request")
        }
        return parameters
    }

    private func apply(_ event: InboundEvent, on connection: ChannelConnection) async throws {
        switch event {
        case .message(let message):
            try await receive(message, on: connection)
        case .status(let report):
            let found = try await conversations.applyDeliveryReport(
                providerMessageID: report.providerMessageID, status: report.status, channel: connection.channel,
                organizationID: connection.organizationID, ids: ids, at: clock.now()
            )
            if !found { logger.info("a status for an unknown message was ignored", metadata: ["parley.connection": "\(connection.id)"]) }
        }
    }

    private func receive(_ message: InboundMessage, on connection: ChannelConnection) async throws {
        var validator = Validator()
        validator.phoneNumber(message.from, "From")
        try validator.finish()
        let received = try await conversations.receive(
            String(message.text.prefix(TextLimits.message.maximum)), from: message.from, channel: connection.channel,
            organizationID: connection.organizationID, providerMessageID: message.providerMessageID, ids: ids, at: clock.now()
        )
        log(received, on: connection)
    }

    private func receive(_ email: InboundEmail, on connection: ChannelConnection) async throws {
        var validator = Validator()
        validator.emailAddress(email.from, "from")
        try validator.finish()
        let text = QuotedHistory.stripped(email.text)
        // Only a reply to a conversation's own address counts: a From header is easy to forge, the tagged address
        // (with the sender's address matching the conversation's candidate) much less so.
        guard let conversation = ReplyAddress.conversation(in: email.to) else {
            return logger.info("an email to no conversation's reply address was ignored", metadata: ["parley.connection": "\(connection.id)"])
        }
        let received = try await conversations.receive(
            String((text.isEmpty ? email.text : text).prefix(TextLimits.message.maximum)), from: email.from, channel: .email,
            organizationID: connection.organizationID, providerMessageID: email.messageID, conversationID: Conversation.ID(conversation),
            ids: ids, at: clock.now()
        )
        log(received, on: connection)
    }

    private func log(_ received: ConversationRepository.Received, on connection: ChannelConnection) {
        let outcome =
            switch received {
            case .stored: "stored"
            case .duplicate: "duplicate, ignored"
            case .unmatched: "no active conversation; kept as unmatched"
            }
        logger.info("inbound message", metadata: ["parley.connection": "\(connection.id)", "outcome": "\(outcome)"])
    }

    /// The connection the path names, with its credentials opened; 404 when there is none.
    private func connection(_ context: some RequestContext) async throws -> (ChannelConnection, [String: String]) {
        guard let id = context.parameters.get("connection").flatMap(ChannelConnection.ID.init(uuidString:)),
            let (connection, sealed) = try await connections.findForCallback(id)
        else { throw APIError.notFound("connection") }
        return (connection, try await keyring.box().openCredentials(sealed))
    }

    private func refused(_ connection: ChannelConnection) -> APIError {
        logger.warning("an unsigned or wrongly signed callback was refused", metadata: ["parley.connection": "\(connection.id)"])
        return APIError(.forbidden, "signature: missing or wrong; nothing was stored")
    }

    // MARK: Unsubscribe

    /// The unsubscribe page: a button that posts (mail scanners follow links, so GET changes nothing), or the
    /// confirmation.
    private static func unsubscribePage(done: Bool) -> Response {
        let body =
            done
            ? "<p>You're unsubscribed. You won't get more emails about this role.</p>"
            : #"<form method="post"><p>Stop emails about this role?</p><button type="submit">Unsubscribe</button></form>"#
        let page = #"<!doctype html><html lang="en"><meta charset="utf-8"><title>Unsubscribe</title><body>\#(body)</body></html>"#
        return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: page)))
    }

    /// The conversation an unsubscribe link names, when its token is the server's.
    private func unsubscribingConversation(_ context: some RequestContext) async throws -> Conversation.ID {
        guard let id = context.parameters.get("conversation").flatMap(Conversation.ID.init(uuidString:)),
            let token = context.parameters.get("token"),
            try await keyring.box().verify(token, for: CallbackURLs.unsubscribePurpose, id.uuidString)
        else { throw APIError.notFound("unsubscribe link") }
        return id
    }
}

extension HTTPField.Name {
    /// Twilio's request signature.
    static let twilioSignature = HTTPField.Name("X-Twilio-Signature")!
    /// Meta's request signature.
    static let hubSignature = HTTPField.Name("X-Hub-Signature-256")!
}
