import Foundation
import HTTPTypes
import ParleyCore
package import ParleyOpenAPI
import ParleyScheduling
import ParleyStore
import SQLKit

extension APIController {
    package func listBookings(_ input: Operations.ListBookings.Input) async throws -> Operations.ListBookings.Output {
        let organizationID = try RequestOrganization.require()
        let query = input.query
        var filter = BookingRepository.Filter(status: query.status?.domain, from: query.from, to: query.to)
        if let text = query.conversationId {
            guard let id = Conversation.ID(uuidString: text) else { throw APIError.badRequest("conversationId", "must be a UUID") }
            filter.conversationID = id
        }
        if let text = query.campaignId {
            guard let id = Campaign.ID(uuidString: text) else { throw APIError.badRequest("campaignId", "must be a UUID") }
            filter.campaignID = id
        }
        let page = try await bookings.list(
            filter, organizationID: organizationID, limit: try PageSize.validated(query.limit), nextToken: query.nextToken, at: clock.now()
        )
        // A page's bookings mostly share a few templates: each is read once.
        var templates: [MeetingTemplate.ID: MeetingTemplate] = [:]
        for id in Set(page.items.map(\.meetingTemplateID)) {
            templates[id] = try await meetingTemplates.find(id, organizationID: organizationID, includingDeleted: true)
        }
        let data = page.items.map { wire($0, template: templates[$0.meetingTemplateID]) }
        return .ok(.init(body: .json(.init(data: data, nextToken: page.nextToken))))
    }

    package func getBooking(_ input: Operations.GetBooking.Input) async throws -> Operations.GetBooking.Output {
        let organizationID = try RequestOrganization.require()
        guard let booking = try await bookings.find(try Self.bookingID(input.path.bookingId), organizationID: organizationID) else {
            throw APIError.notFound("bookingId")
        }
        return .ok(.init(body: .json(try await wire(booking))))
    }

    package func rescheduleBooking(_ input: Operations.RescheduleBooking.Input) async throws -> Operations.RescheduleBooking.Output {
        let organizationID = try RequestOrganization.require()
        let id = try Self.bookingID(input.path.bookingId)
        guard case .json(let body) = input.body else { throw APIError.badRequest("body", "must be a JSON object") }
        let now = clock.now()
        guard let current = try await bookings.find(id, organizationID: organizationID),
            let template = try await meetingTemplates.find(current.meetingTemplateID, organizationID: organizationID, includingDeleted: true),
            let availability = await scheduler.availability(of: template, at: now)
        else { throw APIError.notFound("bookingId") }
        let start = body.start
        let moved = try await Self.mapBookingErrors(cancelledIs: .badRequest) {
            try await bookings.reschedule(
                id, organizationID: organizationID, to: start, durationMinutes: template.definition.durationMinutes, at: now,
                isFree: { others in Scheduler.isFree(start, availability, bookings: others, at: now) },
                then: { booking, sql in
                    try await tell(
                        BookingMessages.rescheduled(booking, template: template.definition), about: booking, event: .meetingRescheduled,
                        template: template, at: now, on: sql)
                }
            )
        }
        return .ok(.init(body: .json(wire(moved, template: template))))
    }

    package func cancelBooking(_ input: Operations.CancelBooking.Input) async throws -> Operations.CancelBooking.Output {
        let organizationID = try RequestOrganization.require()
        let id = try Self.bookingID(input.path.bookingId)
        guard let current = try await bookings.find(id, organizationID: organizationID),
            let template = try await meetingTemplates.find(current.meetingTemplateID, organizationID: organizationID, includingDeleted: true)
        else { throw APIError.notFound("bookingId") }
        let now = clock.now()
        let cancelled = try await Self.mapBookingErrors(cancelledIs: .conflict) {
            try await bookings.cancel(id, organizationID: organizationID, at: now) { booking, sql in
                try await tell(
                    BookingMessages.cancelled(booking, template: template.definition), about: booking, event: .meetingCancelled,
                    template: template, at: now, on: sql)
            }
        }
        return .ok(.init(body: .json(wire(cancelled, template: template))))
    }

    /// Tells the candidate in the conversation, records the event for webhooks, and queues the updated invites and
    /// calendar entries, in the change's transaction.
    private func tell(
        _ text: String, about booking: Booking, event: ConversationEvent.Kind, template: MeetingTemplate, at now: Date, on sql: any SQLDatabase
    ) async throws {
        try await Scheduler.enqueueCalendarUpdate(of: booking, ids: ids, at: now, on: sql)
        guard
            let conversation = try await ConversationRepository.find(
                booking.conversationID, organizationID: booking.organizationID, lock: true, on: sql)
        else { return }
        try await ConversationRepository.append([text], role: .agent, status: .queued, to: conversation, ids: ids, at: now, on: sql)
        try await ConversationRepository.enqueueDelivery(conversation, at: now, ids: ids, on: sql)
        try await ConversationRepository.recordBookingEvent(
            event, booking: booking, template: template.definition, conversation: conversation, ids: ids, at: now, on: sql)
    }

    /// The answer for each reason a booking cannot change; a cancelled one is 409 to cancel again (Popp) and 400
    /// to move.
    private static func mapBookingErrors<T>(cancelledIs cancelledStatus: HTTPResponse.Status, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as BookingRepository.ChangeError {
            switch error {
            case .notFound: throw APIError.notFound("bookingId")
            case .cancelled: throw APIError(cancelledStatus, "bookingId: the booking is cancelled already")
            case .started: throw APIError.badRequest("bookingId", "the booking has started already")
            case .inThePast: throw APIError.badRequest("start", "must be in the future")
            case .slotTaken: throw APIError(.conflict, "start: this time is not free under the meeting template's rules")
            }
        }
    }

    /// The booking as the API shows it, with its template's title and zone.
    private func wire(_ booking: Booking) async throws -> Components.Schemas.Booking {
        wire(
            booking,
            template: try await meetingTemplates.find(booking.meetingTemplateID, organizationID: booking.organizationID, includingDeleted: true))
    }

    private func wire(_ booking: Booking, template: MeetingTemplate?) -> Components.Schemas.Booking {
        Components.Schemas.Booking(
            id: booking.id.uuidString, conversationId: booking.conversationID.uuidString, campaignId: booking.campaignID.uuidString,
            meetingTemplateId: booking.meetingTemplateID.uuidString, status: .init(booking.status(at: clock.now())), start: booking.start,
            end: booking.end, timezone: template?.definition.timeZone ?? "UTC", title: template?.definition.title ?? "", createdAt: booking.createdAt,
            updatedAt: booking.updatedAt
        )
    }

    private static func bookingID(_ text: String) throws(APIError) -> Booking.ID {
        guard let id = Booking.ID(uuidString: text) else { throw APIError.badRequest("bookingId", "must be a UUID") }
        return id
    }
}
