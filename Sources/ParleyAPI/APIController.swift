import OpenAPIRuntime
package import ParleyAgent
package import ParleyCalDAV
package import ParleyChannels
package import ParleyCore
package import ParleyOpenAPI
package import ParleyStore
package import ParleyWebhooks

/// Implements the generated `APIProtocol`: each operation of `openapi.yaml` as a plain async function over the
/// repositories, testable without HTTP. Every `/v1` operation reads the caller's organization from
/// ``RequestOrganization`` and scopes every query by it.
package struct APIController: Sendable {
    let organizations: OrganizationRepository
    let campaigns: CampaignRepository
    let conversations: ConversationRepository
    let agents: AgentRepository
    let templates: MessageTemplateRepository
    let ids: IDGenerator
    let clock: WallClock
    let openAPIDocument: String
    let questionDrafter: any QuestionDrafter
    let webhooks: WebhookRepository
    let keyring: SecretKeyring
    let deliverer: WebhookDeliverer
    let allowPrivateWebhookTargets: Bool
    let channelConnections: ChannelConnectionRepository
    let meetingTemplates: MeetingTemplateRepository
    let bookings: BookingRepository
    let scheduler: Scheduler
    let calendarConnections: CalendarConnectionRepository
    /// Checks a calendar before it is connected; `nil` where no HTTP client is available (then connecting refuses).
    let calDAV: CalDAVClient?
    let allowPrivateChannelTargets: Bool
    let callbackURLs: CallbackURLs

    /// - Parameters:
    ///   - openAPIDocument: The text of `openapi.yaml`, served at `GET /openapi.yaml`.
    ///   - modelConfigured: Whether a language model is configured, so campaigns may use the LLM agent.
    ///   - questionDrafter: Drafts questions for `POST /v1/campaigns/generate-questions`.
    ///   - keyring: Seals webhook secrets.
    ///   - deliverer: Sends test deliveries.
    ///   - allowPrivateWebhookTargets: Lets webhooks point at loopback and private addresses.
    ///   - callbackURLs: The server's public addresses, shown on channel connections.
    ///   - allowPrivateChannelTargets: Lets channel connections' `apiBaseUrl` name loopback and private hosts (and
    ///     calendar connections' `calendarUrl`).
    ///   - calendars: The participants' calendars, read for busy times before a booking moves.
    ///   - calDAV: Checks a participant's calendar before it is connected.
    package init(
        database: Database,
        ids: IDGenerator,
        clock: WallClock,
        openAPIDocument: String,
        modelConfigured: Bool = false,
        questionDrafter: any QuestionDrafter = RuleQuestionDrafter(),
        keyring: SecretKeyring,
        deliverer: WebhookDeliverer,
        allowPrivateWebhookTargets: Bool = false,
        callbackURLs: CallbackURLs = CallbackURLs(base: "http://127.0.0.1:8080"),
        allowPrivateChannelTargets: Bool = false,
        calendars: any ParticipantCalendars = NoParticipantCalendars(),
        calDAV: CalDAVClient? = nil
    ) {
        self.calDAV = calDAV
        self.calendarConnections = CalendarConnectionRepository(database: database)
        self.scheduler = Scheduler(calendars: calendars, ids: ids)
        self.allowPrivateChannelTargets = allowPrivateChannelTargets
        self.channelConnections = ChannelConnectionRepository(database: database)
        self.meetingTemplates = MeetingTemplateRepository(database: database)
        self.bookings = BookingRepository(database: database)
        self.callbackURLs = callbackURLs
        self.webhooks = WebhookRepository(database: database)
        self.keyring = keyring
        self.deliverer = deliverer
        self.allowPrivateWebhookTargets = allowPrivateWebhookTargets
        self.organizations = OrganizationRepository(database: database)
        self.campaigns = CampaignRepository(database: database, modelConfigured: modelConfigured)
        self.questionDrafter = questionDrafter
        self.conversations = ConversationRepository(database: database)
        self.agents = AgentRepository(database: database)
        self.templates = MessageTemplateRepository(database: database)
        self.ids = ids
        self.clock = clock
        self.openAPIDocument = openAPIDocument
    }
}

extension APIController: APIProtocol {
    package func getHealth(_ input: Operations.GetHealth.Input) async throws -> Operations.GetHealth.Output {
        .ok(.init(body: .json(.init(status: .ok))))
    }

    package func getOpenAPIDocument(_ input: Operations.GetOpenAPIDocument.Input) async throws -> Operations.GetOpenAPIDocument.Output {
        .ok(.init(body: .yaml(.init(openAPIDocument))))
    }
}
