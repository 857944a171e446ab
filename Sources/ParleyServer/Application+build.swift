import AsyncHTTPClient
import Foundation
package import Hummingbird
package import Logging
import OpenAPIHummingbird
import OpenAPIRuntime
import ParleyAPI
import ParleyAgent
import ParleyCalDAV
import ParleyChannels
package import ParleyCore
import ParleyEmail
import ParleyOpenAPI
package import ParleyStore
import ParleyWebhooks
import Prometheus

/// Builds the Parley server: opens the database, migrates it when the server starts, creates the demo
/// organization on an empty database, and serves `/health`, `/openapi.yaml`, `/metrics`, the providers' callbacks
/// (``ChannelCallbacks``) and the `/v1` API.
///
/// - Parameters:
///   - ids: Makes entity ids; tests pass a sequence.
///   - clock: Tells the time; tests pass a fixed or manual clock.
///   - searchPath: PostgreSQL schema to use instead of `public` (tests use one schema each).
///   - jobHandlers: Handlers for more kinds of background job, beside the conversation jobs.
///   - jobPollInterval: How long the job worker rests when no job is due.
///   - webhookJitter: Spreads webhook retries; tests pass a constant.
///   - printDemo: Where the demo organization's one-time key is written; standard output by default.
package func buildApplication(
    _ settings: Settings,
    logger: Logger,
    ids: IDGenerator = .random,
    clock: WallClock = .system,
    searchPath: String? = nil,
    createDemoOrganization: Bool = true,
    jobHandlers: [String: JobWorker.Handler] = [:],
    jobPollInterval: Duration = .seconds(1),
    webhookJitter: @escaping @Sendable () -> Double = { Double.random(in: 0...1) },
    printDemo: @escaping @Sendable (String) -> Void = { FileHandle.standardOutput.write(Data(($0 + "\n").utf8)) }
) async throws -> some ApplicationProtocol {
    let document = try OpenAPIDocument.text()
    let database = try await Database.open(settings.database, searchPath: searchPath, logger: logger)
    let agents = Agents(settings: settings.model)
    let metrics = ModelMetrics(registry: PrometheusCollectorRegistry())
    let keyring = SecretKeyring(configuredKey: settings.secretKey, database: database)
    let deliverer = WebhookDeliverer(
        webhooks: WebhookRepository(database: database), keyring: keyring, publicURL: settings.publicBaseURL,
        allowPrivateTargets: settings.allowPrivateWebhookTargets, ids: ids, clock: clock, jitter: webhookJitter,
        timeout: settings.webhookTimeout, logger: logger
    )
    let urls = CallbackURLs(base: settings.publicBaseURL)
    let smtp = EmailSender.Transport(timeout: .seconds(15), logger: logger)
    let senders = ChannelSenders(keyring: keyring, urls: urls, email: smtp)
    let calDAV = CalDAVClient(httpClient: CalDAVClient.redirectFreeHTTPClient, timeout: .seconds(10))
    let calendars = CalDAVCalendars(
        database: database, keyring: keyring, client: calDAV, allowPrivateTargets: settings.allowPrivateChannelTargets, logger: logger)
    let controller = APIController(
        database: database, ids: ids, clock: clock, openAPIDocument: document, modelConfigured: settings.model != nil,
        questionDrafter: agents.drafter,
        keyring: keyring, deliverer: deliverer, allowPrivateWebhookTargets: settings.allowPrivateWebhookTargets, callbackURLs: urls,
        allowPrivateChannelTargets: settings.allowPrivateChannelTargets, calendars: calendars, calDAV: calDAV
    )

    let delivery = MessageDelivery(
        database: database, senders: senders, ids: ids, clock: clock, lease: TimeInterval(settings.jobLeaseSeconds),
        allowPrivateTargets: settings.allowPrivateChannelTargets, logger: logger
    )
    let scheduler = Scheduler(calendars: calendars, ids: ids)
    let bookingCalendar = BookingCalendarJob(
        database: database, calendars: calendars, keyring: keyring, transport: smtp, clock: clock, logger: logger)
    let jobs = ConversationJobs(
        database: database, agents: agents, delivery: delivery, keyring: keyring, publicURL: urls.base, metrics: metrics, scheduler: scheduler,
        ids: ids, clock: clock, logger: logger
    )
    let worker = JobWorker(
        queue: JobQueue(database: database),
        handlers: jobs.handlers.merging([WebhookRepository.deliverJob: deliverer.deliver, Scheduler.calendarJob: bookingCalendar.run]) { $1 }
            .merging(jobHandlers) { $1 },
        name: "parley-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))",
        clock: clock,
        concurrencyLimit: WebhookDeliverer.inFlightLimit,
        lease: TimeInterval(settings.jobLeaseSeconds),
        logger: logger
    )

    let startup = StartupGate()
    let router = Router()
    router.add(middleware: ErrorMiddleware())
    // Aggregates only (no candidate data), so the endpoint needs no key; scrape it from inside your network.
    router.get("/metrics") { _, _ in
        Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
            body: .init(byteBuffer: ByteBuffer(string: metrics.registry.emitToString())))
    }
    ChannelCallbacks(database: database, keyring: keyring, urls: urls, ids: ids, clock: clock, logger: logger).register(on: router)
    BookingPages(database: database, keyring: keyring, scheduler: scheduler, ids: ids, clock: clock, logger: logger).register(on: router)
    try Dashboard(
        database: database, publicURL: settings.publicBaseURL, ids: ids, modelConfigured: settings.model != nil, clock: clock, logger: logger
    ).register(on: router)
    router.add(middleware: AuthenticationMiddleware(keys: APIKeyRepository(database: database), clock: clock))
    if settings.rateLimitPerKey != nil || settings.rateLimitPerOrganization != nil {
        let limiter = RateLimiter(perKey: settings.rateLimitPerKey, perOrganization: settings.rateLimitPerOrganization)
        router.add(middleware: RateLimitMiddleware(limiter: limiter, clock: clock))
    }
    try controller.registerHandlers(
        on: router,
        configuration: Configuration(dateTranscoder: TimestampTranscoder(), jsonEncodingOptions: [.sortedKeys, .withoutEscapingSlashes]),
        middlewares: [
            IdempotencyMiddleware(keys: IdempotencyRepository(database: database), clock: clock), ErrorMappingMiddleware(), RequestBodyMiddleware(),
        ]
    )

    var app = Application(
        router: router,
        // Idle keep-alive connections are closed after a minute, so slow or abandoned clients cannot pile up.
        server: .http1(configuration: .init(idleTimeout: .seconds(60))),
        configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "Parley"),
        // Services stop in reverse order: the HTTP server first, then the job worker, then the database.
        services: [
            DatabaseService(database: database),
            JobWorkerService(worker: worker, pollInterval: jobPollInterval, bell: database.jobBell, startup: startup, logger: logger),
        ],
        logger: logger
    )
    app.beforeServerStarts {
        try await Migrations.run(on: database, logger: logger)
        logger.info("Database ready", metadata: ["parley.database.kind": "\(database.kind.rawValue)"])
        if createDemoOrganization {
            try await DemoOrganization.createIfEmpty(
                organizations: OrganizationRepository(database: database),
                baseURL: "http://\(settings.host):\(settings.port)",
                ids: ids,
                clock: clock,
                print: printDemo
            )
        }
        startup.open()
    }
    return app
}
