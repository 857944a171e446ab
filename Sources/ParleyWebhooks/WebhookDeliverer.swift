import AsyncHTTPClient
package import Foundation
package import Logging
import NIOCore
import NIOHTTP1
package import ParleyCore
package import ParleyStore

/// Delivers webhook events: one signed POST per attempt, then the outcome recorded with the next attempt queued
/// on the durable job queue (at once, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, with jitter; `Retry-After`
/// honoured). Any 2xx ends a delivery; `410 Gone` turns the webhook off. Redirects are not followed, and every
/// target is resolved and checked against ``AddressPolicy`` before each attempt.
package struct WebhookDeliverer: Sendable {
    private let webhooks: WebhookRepository
    private let keyring: SecretKeyring
    private let publicURL: String
    private let allowPrivateTargets: Bool
    private let ids: IDGenerator
    private let clock: WallClock
    private let jitter: @Sendable () -> Double
    private let logger: Logger

    private let timeout: Duration
    private let inFlight = InFlightDeliveries()

    /// The most deliveries this process sends to one webhook at once.
    package static let inFlightLimit = 8
    /// How long a delivery waits when its webhook has ``inFlightLimit`` in flight (±25%).
    static let postponement: TimeInterval = 2

    /// One client for every delivery, never following redirects. It lives as long as the process.
    private static let client = HTTPClient(
        eventLoopGroupProvider: .singleton,
        configuration: HTTPClient.Configuration(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(5)))
    )

    /// - Parameters:
    ///   - publicURL: The server's public base URL, put in front of `campaignConversationUrl`.
    ///   - allowPrivateTargets: Lets webhooks reach loopback and private addresses (self-hosting and tests).
    ///   - jitter: A number in `0...1` spreading each retry by ±10%; tests pass a constant.
    ///   - timeout: The longest an endpoint may take to answer.
    package init(
        webhooks: WebhookRepository, keyring: SecretKeyring, publicURL: String, allowPrivateTargets: Bool, ids: IDGenerator, clock: WallClock,
        jitter: @escaping @Sendable () -> Double = { Double.random(in: 0...1) }, timeout: Duration = .seconds(15), logger: Logger
    ) {
        self.timeout = timeout
        self.webhooks = webhooks
        self.keyring = keyring
        self.publicURL = publicURL
        self.allowPrivateTargets = allowPrivateTargets
        self.ids = ids
        self.clock = clock
        self.jitter = jitter
        self.logger = logger
    }

    /// What one POST to an endpoint came to.
    package struct Result: Sendable, Equatable {
        package var statusCode: Int?
        package var durationMilliseconds: Int
        package var error: String?
        /// Seconds the endpoint asked to wait (`Retry-After`).
        package var retryAfter: TimeInterval?
        /// Whether the target itself was refused (a private address): trying again will not help.
        package var refused: Bool

        package var succeeded: Bool { statusCode.map { (200..<300).contains($0) } ?? false }
    }

    /// The job handler: makes the delivery's next attempt and records it.
    package func deliver(_ job: Job) async throws {
        struct Payload: Decodable { var deliveryId: String }
        guard let payload = try? JSONDecoder().decode(Payload.self, from: Data(job.payload.utf8)),
            let id = WebhookDelivery.ID(uuidString: payload.deliveryId)
        else { throw PermanentJobFailure("malformed webhook delivery payload") }
        guard let pending = try await webhooks.pendingAttempt(id) else { return }
        // An endpoint that is slow or hangs may hold only a few of the worker's slots. The server's worker leaves a
        // webhook's deliveries unclaimed while that many run (they share a concurrency key); one claimed beyond them
        // waits a moment for one to finish, then steps aside for a while, so it never holds up other endpoints'.
        guard await inFlight.enter(pending.webhook.id, limit: Self.inFlightLimit, patience: .milliseconds(100)) else {
            throw JobPostponement(until: clock.now().addingTimeInterval(Self.postponement * (0.75 + 0.5 * jitter())))
        }
        defer { inFlight.leave(pending.webhook.id) }
        let body = try envelope(
            event: pending.event.rawValue, eventID: pending.eventID.uuidString, occurredAt: pending.occurredAt, data: pending.data)
        let now = clock.now()
        let result = await post(body, to: pending.webhook.url, eventID: pending.eventID.uuidString, secrets: pending.secrets, at: now)
        let attempt = WebhookDelivery.Attempt(
            attemptedAt: now, statusCode: result.statusCode, durationMilliseconds: result.durationMilliseconds, error: result.error
        )
        let gone = result.statusCode == 410
        var outcome = WebhookDelivery.Status.failed
        var retryAt: Date?
        if result.succeeded {
            outcome = .succeeded
        } else if !gone, !result.refused, pending.attemptNumber < WebhookDelivery.schedule.count {
            let planned = WebhookDelivery.schedule[pending.attemptNumber] * (0.9 + 0.2 * jitter())
            retryAt = now.addingTimeInterval(max(planned, min(result.retryAfter ?? 0, 86_400)))
            outcome = .pending
        }
        try await webhooks.record(attempt, of: pending, outcome: outcome, retryAt: retryAt, deactivate: gone, ids: ids, at: clock.now())
        logger.info(
            "Webhook attempt",
            metadata: [
                "webhook": "\(pending.webhook.id)", "delivery": "\(pending.deliveryID)", "attempt": "\(pending.attemptNumber)",
                "status": "\(result.statusCode.map(String.init) ?? result.error ?? "none")", "outcome": "\(outcome.rawValue)",
            ]
        )
    }

    /// Sends a `WEBHOOK_TEST` event to `webhook` at once, outside the delivery log.
    package func sendTest(to webhook: Webhook) async throws -> Result {
        guard let sealed = try await webhooks.sealedSecrets(of: webhook.id) else {
            return Result(statusCode: nil, durationMilliseconds: 0, refused: false)
        }
        let data = #"{"organizationId":"\#(webhook.organizationID)","recordId":"\#(webhook.id)"}"#
        let eventID = ids.next(ConversationEvent.self).uuidString
        let now = clock.now()
        let body = try envelope(event: "WEBHOOK_TEST", eventID: eventID, occurredAt: now, data: data)
        return await post(body, to: webhook.url, eventID: eventID, secrets: sealed, at: now)
    }

    /// The documented envelope: `event`, `eventId`, `eventTimestamp`, `data`, with keys sorted.
    private func envelope(event: String, eventID: String, occurredAt: Date, data: String) throws -> Data {
        var fields = (try JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any]) ?? [:]
        if let path = fields["campaignConversationUrl"] as? String, path.hasPrefix("/") {
            fields["campaignConversationUrl"] = publicURL + path
        }
        let envelope: [String: Any] = [
            "event": event, "eventId": eventID, "eventTimestamp": occurredAt.internetTimestamp, "data": fields,
        ]
        return try JSONSerialization.data(withJSONObject: envelope, options: [.sortedKeys, .withoutEscapingSlashes])
    }

    /// POSTs `body` to `url`, signed with the current secret (and the previous one while it still signs).
    private func post(_ body: Data, to url: String, eventID: String, secrets sealed: WebhookRepository.SealedSecrets, at now: Date) async -> Result {
        let started = ContinuousClock.now
        func elapsed() -> Int {
            (ContinuousClock.now - started).wholeMilliseconds
        }
        if let refusal = await refusal(of: url) {
            return Result(statusCode: nil, durationMilliseconds: elapsed(), error: refusal, refused: true)
        }
        guard let secrets = try? await keyring.box() else {
            return Result(statusCode: nil, durationMilliseconds: 0, error: "the secret key cannot be opened", refused: false)
        }
        var signing: [WebhookSecret] = []
        if let current = try? secrets.open(sealed.current), let secret = WebhookSecret(text: current) { signing.append(secret) }
        if let previous = sealed.previous, let expires = sealed.previousExpiresAt, expires > now, let text = try? secrets.open(previous),
            let secret = WebhookSecret(text: text)
        {
            signing.append(secret)
        }
        guard !signing.isEmpty else { return Result(statusCode: nil, durationMilliseconds: 0, error: "the secret cannot be opened", refused: true) }
        let timestamp = Int(now.timeIntervalSince1970)
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "user-agent", value: "Parley-Webhooks")
        request.headers.add(name: "x-signature", value: signing.map { $0.popSignature(of: body) }.joined(separator: " "))
        request.headers.add(name: "webhook-id", value: eventID)
        request.headers.add(name: "webhook-timestamp", value: String(timestamp))
        request.headers.add(
            name: "webhook-signature",
            value: signing.map { $0.standardSignature(id: eventID, timestamp: timestamp, body: body) }.joined(separator: " ")
        )
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await Self.client.execute(request, timeout: TimeAmount(timeout))
            _ = try? await response.body.collect(upTo: 64 * 1024)
            let retryAfter = response.headers.first(name: "retry-after").flatMap(Self.seconds(fromRetryAfter:))
            return Result(statusCode: Int(response.status.code), durationMilliseconds: elapsed(), retryAfter: retryAfter, refused: false)
        } catch {
            return Result(statusCode: nil, durationMilliseconds: elapsed(), error: Self.describe(error), refused: false)
        }
    }

    /// Why `url` may not be posted to now; `nil` when it may.
    private func refusal(of url: String) async -> String? {
        let components: URLComponents
        do {
            components = try AddressPolicy.checkURL(url)
        } catch {
            return allowPrivateTargets ? nil : "refused: the URL \(error.description)"
        }
        guard !allowPrivateTargets, let host = components.host else { return nil }
        let addresses = await Task.detached { AddressPolicy.resolve(host) }.value
        guard !addresses.isEmpty else { return nil }  // The connection attempt reports a name that does not resolve.
        for address in addresses {
            if let range = AddressPolicy.reservedRange(of: address) { return "refused: the host resolves to a \(range) address" }
        }
        return nil
    }

    private static func seconds(fromRetryAfter value: String) -> TimeInterval? {
        if let seconds = TimeInterval(value.trimmingCharacters(in: .whitespaces)) { return seconds.isFinite ? max(0, seconds) : nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: value).map { max(0, $0.timeIntervalSinceNow) }
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout: return "timed out"
            case .connectTimeout: return "connection timed out"
            default: return "request failed"
            }
        }
        return "connection failed"
    }
}
