import Foundation
import Hummingbird
import Logging
import ParleyCore
import ParleyStore
import ParleyWebhooks

/// Webhook delivery figures: deliveries a second to an endpoint on loopback with the server's real deliverer
/// (signing, HTTP, recording each attempt), first alone and then beside an endpoint that never answers.
struct WebhooksBenchmark {
    let database: Database
    let logger: Logger

    func run(count: Int) async throws -> [String: Double] {
        let received = Counter()
        // Two servers, so the endpoints are two hosts to the HTTP client, as two customers' endpoints would be.
        let healthy = Router()
        healthy.post("/ok") { _, _ -> HTTPResponse.Status in
            _ = received.increment()
            return .noContent
        }
        let hanging = Router()
        hanging.post("/hang") { _, _ -> HTTPResponse.Status in
            try await Task.sleep(for: .seconds(600))
            return .noContent
        }
        let (okPort, okServing) = try await serve(healthy)
        defer { okServing.cancel() }
        let (hangPort, hangServing) = try await serve(hanging)
        defer { hangServing.cancel() }

        let (organization, conversation) = try await makeConversation()
        let keyring = SecretKeyring(configuredKey: nil, database: database)
        let webhooks = WebhookRepository(database: database)
        let deliverer = WebhookDeliverer(
            webhooks: webhooks, keyring: keyring, publicURL: "http://127.0.0.1", allowPrivateTargets: true, ids: .random, clock: .system,
            logger: logger)
        func subscribe(_ port: Int, _ path: String) async throws {
            let sealed = try await keyring.box().seal(WebhookSecret.generate().text)
            _ = try await webhooks.create(
                url: "http://127.0.0.1:\(port)\(path)", events: [.started], description: path, sealedSecret: sealed,
                organizationID: organization, ids: .random, at: Date())
        }
        let handlers = [WebhookRepository.deliverJob: deliverer.deliver]

        try await subscribe(okPort, "/ok")
        try await queueEvents(count, of: conversation)
        let alone = try await withWorker(database, handlers: handlers, logger: logger) {
            let rate = try await Self.rate(until: count, of: received)
            try await waitUntilIdle(database)
            return rate
        }

        try await subscribe(hangPort, "/hang")
        try await queueEvents(count, of: conversation)
        let besideHanging = try await withWorker(database, handlers: handlers, logger: logger) {
            try await Self.rate(until: 2 * count, of: received, within: .seconds(120))
        }
        return [
            "deliveries": Double(count),
            "deliveries_per_second": alone,
            "deliveries_per_second_beside_hanging_endpoint": besideHanging,
        ]
    }

    /// Serves `router` on a free loopback port until the returned task is cancelled.
    private func serve(_ router: Router<BasicRequestContext>) async throws -> (Int, Task<Void, any Error>) {
        let (ports, portSignal) = AsyncStream<Int>.makeStream()
        let receiver = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in portSignal.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        let serving = Task { try await receiver.runService() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            serving.cancel()
            throw BenchmarkError("a receiver did not start")
        }
        return (port, serving)
    }

    /// Deliveries a second from now until `target` have arrived (or `within` has passed).
    private static func rate(until target: Int, of received: Counter, within limit: Duration = .seconds(300)) async throws -> Double {
        let start = ContinuousClock.now
        let before = received.current
        while received.current < target, ContinuousClock.now - start < limit {
            try await Task.sleep(for: .milliseconds(2))
        }
        return Double(received.current - before) / milliseconds(start, .now) * 1000
    }

    /// A live SMS campaign and one conversation in a new organization.
    private func makeConversation() async throws -> (Organization.ID, Conversation) {
        var random = SystemRandomNumberGenerator()
        let organization = try await OrganizationRepository(database: database).create(name: "Bench", ids: .random, at: Date(), random: &random)
            .organization.id
        var fields = CampaignFields(type: .newCandidateOutreach, channel: .sms, title: "Barista", description: "Make great coffee.")
        fields.closingMethod = .custom
        fields.customMessage = "We'll call you."
        fields.closingMessage = "Thanks!"
        fields.rejectionMessage = "Sorry."
        fields.questions = [Question(content: "Can you work weekends?", isMandatory: true)]
        let campaign = try await CampaignRepository(database: database).create(fields, organizationID: organization, ids: .random, at: Date())
        let conversation = try await ConversationRepository(database: database).create(
            ConversationFields(firstName: "Ada", phoneNumber: "+14155551234"), campaign: .id(campaign.id), organizationID: organization,
            ids: .random, at: Date())
        return (organization, conversation)
    }

    /// Records `count` events, each with a delivery to every subscribed webhook, 200 to a transaction.
    private func queueEvents(_ count: Int, of conversation: Conversation) async throws {
        for batch in stride(from: 0, to: count, by: 200) {
            try await database.transaction { sql in
                for _ in batch..<min(batch + 200, count) {
                    try await ConversationRepository.recordEvent(.started, of: conversation, ids: .random, at: Date(), on: sql)
                }
            }
        }
    }
}
