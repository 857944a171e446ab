package import Foundation
package import ParleyCore
package import ParleyScheduling
import ParleyStore
package import SQLKit

/// Books meetings and offers meeting times for conversations, the same way whether the candidate picks in the
/// conversation, on the booking page, or a recruiter moves a booking through the API.
///
/// Participants' busy times are read from their calendars before any transaction (that is network work); the free
/// time is then decided again inside the booking's transaction, with the template's row locked, so two candidates
/// racing for one slot get exactly one booking.
package struct Scheduler: Sendable {
    let calendars: any ParticipantCalendars
    let ids: IDGenerator

    /// How many meeting times the conversation offers at once ("reply 1, 2 or 3").
    package static let offerSize = 3

    /// - Parameter calendars: The participants' calendars, read for busy times.
    package init(calendars: any ParticipantCalendars, ids: IDGenerator) {
        self.calendars = calendars
        self.ids = ids
    }

    /// What a conversation books from: the meeting template, its slot rules, and the participants' busy times.
    package struct Availability: Sendable {
        package var template: MeetingTemplate
        package var rules: SlotRules
        package var busy: [BusyInterval]
    }

    /// The meeting template a conversation books from: its own, else its campaign's; `nil` when it books from none
    /// (or the template was deleted).
    package static func template(
        for conversation: Conversation, campaign: CampaignSettings, on sql: any SQLDatabase
    ) async throws -> MeetingTemplate? {
        guard let id = conversation.meetingTemplateID ?? campaign.calendarMeetingTemplateID.flatMap(MeetingTemplate.ID.init(uuidString:))
        else { return nil }
        return try await MeetingTemplateRepository.find(id, organizationID: conversation.organizationID, on: sql)
    }

    /// The template's availability seen from `now`: its rules and the participants' busy times over the booking
    /// window; `nil` when the template's time zone is unknown.
    package func availability(of template: MeetingTemplate, at now: Date) async -> Availability? {
        guard let rules = SlotRules(template.definition) else { return nil }
        let end = now.addingTimeInterval(TimeInterval(template.definition.bookingWindowDays + 1) * 86_400)
        let busy = await calendars.busyTimes(
            of: template.definition.participants, organizationID: template.organizationID, from: now, to: end)
        return Availability(template: template, rules: rules, busy: busy)
    }

    /// The earliest free slots, at most `limit`, given the template's scheduled bookings as `sql` sees them.
    package static func freeSlots(_ availability: Availability, at now: Date, limit: Int, on sql: any SQLDatabase) async throws -> [Slot] {
        let booked = try await BookingRepository.scheduled(template: availability.template.id, after: now, on: sql)
        return ParleyScheduling.freeSlots(
            rules: availability.rules, now: now, bookings: booked.map(Self.interval), busy: availability.busy, limit: limit)
    }

    /// Whether a meeting may start at `start` beside `bookings`, under the availability's rules and busy times.
    package static func isFree(_ start: Date, _ availability: Availability, bookings: [Booking], at now: Date) -> Bool {
        ParleyScheduling.isFree(start: start, rules: availability.rules, now: now, bookings: bookings.map(interval), busy: availability.busy)
    }

    /// Books `start` for the machine's conversation in the caller's transaction, which holds the conversation's
    /// lock: records `CALENDAR_MEETING_SCHEDULED`, queues the invites and calendar entries, and returns the booking
    /// with the confirmation to send (the machine ends the offer, and completes a SCHEDULING conversation).
    ///
    /// Throws ``BookingRepository/BookError`` when the slot is no longer free or the conversation has a booking.
    package func book(
        _ start: Date, for machine: inout ConversationMachine, _ availability: Availability, at now: Date, on sql: any SQLDatabase
    ) async throws -> (booking: Booking, texts: [String]) {
        let conversation = machine.conversation
        let booking = try await BookingRepository.book(
            conversation: conversation, template: availability.template, start: start, ids: ids, at: now,
            isFree: { Self.isFree(start, availability, bookings: $0, at: now) }, on: sql
        )
        try await ConversationRepository.recordBookingEvent(
            .meetingScheduled, booking: booking, template: availability.template.definition, conversation: conversation, ids: ids, at: now,
            on: sql)
        try await Self.enqueueCalendarUpdate(of: booking, ids: ids, at: now, on: sql)
        let texts = machine.booked(confirmation: BookingMessages.confirmation(booking, template: availability.template.definition), at: now)
        return (booking, texts)
    }

    /// The job kind that sends a booking's invites and writes it to the participants' calendars.
    package static let calendarJob = "booking.calendar"

    /// What a calendar job carries.
    package struct CalendarJobPayload: Codable, Sendable {
        package var bookingId: String
        package var organizationId: String
        /// The booking's version the job was queued for; invites are sent once per version and recipient.
        package var sequence: Int
    }

    /// Queues the invites and calendar writes for the booking as it now stands, in the caller's transaction.
    package static func enqueueCalendarUpdate(of booking: Booking, ids: IDGenerator, at now: Date, on sql: any SQLDatabase) async throws {
        let payload = CalendarJobPayload(
            bookingId: booking.id.uuidString, organizationId: booking.organizationID.uuidString, sequence: booking.sequence)
        _ = try await JobQueue.enqueue(
            .init(
                organizationID: booking.organizationID, kind: calendarJob,
                payload: String(decoding: try JSONEncoder().encode(payload), as: UTF8.self), runAt: now,
                idempotencyKey: "calendar:\(booking.id):\(booking.sequence)"
            ),
            at: now, ids: ids, on: sql
        )
    }

    private static func interval(_ booking: Booking) -> BusyInterval {
        BusyInterval(start: booking.start, end: booking.end)
    }
}
