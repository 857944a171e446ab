import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ParleyAPI
import ParleyChannels
import ParleyCore
import ParleyScheduling
import ParleyStore

/// The candidate's booking page, `GET /book/{token}`: a small server-rendered page (no JavaScript, no outside
/// assets) listing free slots, backed by `GET /book/{token}/slots` and `POST /book/{token}`. The token is the
/// candidate's key (``BookingLink``); it expires with the template's booking window.
struct BookingPages: Sendable {
    let database: Database
    let keyring: SecretKeyring
    let scheduler: Scheduler
    let ids: IDGenerator
    let clock: WallClock
    let logger: Logger

    /// The most slots the page and `/slots` list at once; `?from=` pages on through the booking window.
    static let slotLimit = 60

    func register<Context: RequestContext>(on router: Router<Context>) {
        router.get("/book/{token}") { request, context in try await page(request, context: context) }
        router.get("/book/{token}/slots") { request, context in try await slots(request, context: context) }
        router.post("/book/{token}") { request, context in try await book(request, context: context) }
    }

    /// What a valid token opens.
    private struct BookingPageContext: Sendable {
        var conversation: Conversation
        var availability: Scheduler.Availability
        var template: MeetingTemplate { availability.template }
    }

    private func slots(_ request: Request, context: some RequestContext) async throws -> Response {
        let opened = try await open(context)
        let page = try await freeSlots(opened, from: try Self.from(request), at: clock.now())
        let formatter = ISO8601DateFormatter()
        let slots = page.slots.map { FreeSlotsBody.Time(start: formatter.string(from: $0.start), end: formatter.string(from: $0.end)) }
        return Response.json(
            FreeSlotsBody(timezone: opened.template.definition.timeZone, slots: slots, nextFrom: page.nextFrom.map(formatter.string(from:))))
    }

    private func page(_ request: Request, context: some RequestContext) async throws -> Response {
        let opened: BookingPageContext
        do {
            opened = try await open(context)
        } catch let error as APIError where error.status == .notFound {
            return Self.html(BookingPageHTML.unavailable(), status: .notFound)
        }
        if let booked = try await BookingRepository(database: database).scheduled(conversation: opened.conversation.id) {
            return Self.html(BookingPageHTML.booked(booked, template: opened.template.definition))
        }
        return try await chooser(opened, from: try Self.from(request))
    }

    /// The page of free slots from `from`, with a notice above them when given.
    private func chooser(
        _ opened: BookingPageContext, from: Date? = nil, notice: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let page = try await freeSlots(opened, from: from, at: clock.now())
        return Self.html(
            BookingPageHTML.choose(
                page.slots, nextFrom: page.nextFrom, notice: notice, template: opened.template.definition, zone: opened.availability.rules.timeZone),
            status: status)
    }

    private func book(_ request: Request, context: some RequestContext) async throws -> Response {
        let opened = try await open(context)
        let isForm = request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true
        let body = String(buffer: try await request.body.collect(upTo: 16 * 1024))
        let startText: String?
        if isForm {
            startText = FormURLEncoding.decode(body).first { $0.name == "start" }?.value
        } else {
            startText = (try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])?["start"] as? String
        }
        guard let startText, let start = ISO8601DateFormatter().date(from: startText) else {
            if isForm { return try await chooser(opened, notice: BookingPageHTML.pickATime, status: .badRequest) }
            throw APIError.badRequest("start", "must be a slot's start time from /slots, such as 2026-03-03T09:00:00Z")
        }
        let now = clock.now()
        let template = opened.template
        let booking: Booking
        do {
            booking = try await database.transaction { sql in
                // The conversation is locked before the template, as the reply job does, so the two never deadlock.
                let conversation = opened.conversation
                guard
                    let current = try await ConversationRepository.find(
                        conversation.id, organizationID: conversation.organizationID, lock: true, on: sql),
                    let campaign = try await CampaignRepository.find(current.campaignID, organizationID: current.organizationID, lock: false, on: sql)
                else { throw APIError.notFound("booking link") }
                var machine = try await ConversationRepository.machine(current, campaign, on: sql)
                let (booking, texts) = try await scheduler.book(start, for: &machine, opened.availability, at: now, on: sql)
                try await ConversationRepository.apply(machine, was: current, sending: texts, ids: ids, at: now, on: sql)
                return booking
            }
        } catch BookingRepository.BookError.slotTaken {
            if isForm { return try await chooser(opened, notice: BookingPageHTML.slotTaken, status: .conflict) }
            throw APIError(.conflict, "start: this time is no longer free; pick another from /slots")
        } catch BookingRepository.BookError.alreadyBooked {
            if isForm, let booked = try await BookingRepository(database: database).scheduled(conversation: opened.conversation.id) {
                return Self.html(BookingPageHTML.booked(booked, template: template.definition), status: .conflict)
            }
            throw APIError(.conflict, "start: an interview is already booked for this conversation")
        }
        logger.info("a candidate booked an interview", metadata: ["parley.conversation": "\(opened.conversation.id)"])
        if isForm { return Self.html(BookingPageHTML.booked(booking, template: template.definition)) }
        let formatter = ISO8601DateFormatter()
        let booked = BookedBody(
            id: booking.id.uuidString, status: booking.status.rawValue, start: formatter.string(from: booking.start),
            end: formatter.string(from: booking.end), timezone: template.definition.timeZone
        )
        return Response.json(booked, status: .created)
    }

    /// Up to ``slotLimit`` free slots starting at or after `from` (or now), and where the next page starts when
    /// the booking window holds more.
    private func freeSlots(_ opened: BookingPageContext, from: Date?, at now: Date) async throws -> (slots: [Slot], nextFrom: Date?) {
        // The whole window is a few thousand candidate starts at most: cheap to list in full and cut to the page.
        let free = try await database.read { sql in try await Scheduler.freeSlots(opened.availability, at: now, limit: .max, on: sql) }
        let later = free.drop { slot in from.map { slot.start < $0 } ?? false }
        let page = Array(later.prefix(Self.slotLimit))
        return (page, later.count > page.count ? later.dropFirst(page.count).first?.start : nil)
    }

    /// The `from` query parameter: a time, or nothing for now.
    private static func from(_ request: Request) throws -> Date? {
        guard let text = request.uri.queryParameters["from"] else { return nil }
        guard let from = ISO8601DateFormatter().date(from: String(text)) else {
            throw APIError.badRequest("from", "must be a time such as 2026-03-03T09:00:00Z, as nextFrom gives it")
        }
        return from
    }

    /// The conversation and template a token opens; 404 for a token that is not the server's, has expired, or
    /// names a conversation that cannot book (opted out, closed, failed, or it books from no template).
    private func open(_ context: some RequestContext) async throws -> BookingPageContext {
        let box = try await keyring.box()
        guard let token = context.parameters.get("token"), let link = BookingLink(token: token, box: box),
            let found = try await ConversationRepository(database: database).findForBooking(link.conversationID),
            // Open while the candidate may still book, and once booked (to see the booking); not after opting out, failing
            // the screening, or a SCHEDULING conversation closing unbooked.
            ![.optedOut, .closed, .completedScreeningFailed, .deliveryFailed].contains(found.conversation.status),
            let template = try await database.read({ sql in
                try await Scheduler.template(for: found.conversation, campaign: found.campaign.settings, on: sql)
            }),
            clock.now() < link.expiresAt(bookingWindowDays: template.definition.bookingWindowDays),
            let availability = await scheduler.availability(of: template, at: clock.now())
        else { throw APIError.notFound("booking link") }
        return BookingPageContext(conversation: found.conversation, availability: availability)
    }

    private static func html(_ page: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: page)))
    }
}

/// What `GET /book/{token}/slots` answers.
private struct FreeSlotsBody: Encodable {
    struct Time: Encodable {
        var start: String
        var end: String
    }

    var timezone: String
    var slots: [Time]
    /// Where the next page of slots starts (`?from=`), when the booking window holds more.
    var nextFrom: String?
}

/// What `POST /book/{token}` answers with JSON.
private struct BookedBody: Encodable {
    var id: String
    var status: String
    var start: String
    var end: String
    var timezone: String
}
