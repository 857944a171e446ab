import Foundation
import Logging
import ParleyAPI
import ParleyCore
import ParleyEmail
import ParleyScheduling
import ParleyStore
import SQLKit

/// Sends a booking's iCalendar invites (RFC 5545/5546: REQUEST when made or moved, CANCEL when cancelled) to the
/// candidate and every participant, and writes the booking to the participants' connected calendars.
///
/// Invites go over the organization's email connection, each at most once per booking version and recipient: a
/// `calendar_invites` row is written before the email is handed over, so a crash never sends one twice. Without
/// an email connection the invites stay in the Sandbox: recorded as SANDBOX and not sent.
struct BookingCalendarJob: Sendable {
    let database: Database
    let calendars: CalDAVCalendars
    let keyring: SecretKeyring
    let transport: SMTPClient
    let clock: WallClock
    let logger: Logger

    func run(_ job: Job) async throws {
        guard let payload = try? JSONDecoder().decode(Scheduler.CalendarJobPayload.self, from: Data(job.payload.utf8)),
            let bookingID = Booking.ID(uuidString: payload.bookingId), let organizationID = Organization.ID(uuidString: payload.organizationId)
        else { throw PermanentJobFailure("malformed booking calendar job payload") }
        guard let state = try await read(bookingID, organizationID: organizationID) else {
            throw PermanentJobFailure("the booking, its conversation or its template no longer exists")
        }
        // A later change queued its own job, which sends the newer version.
        guard state.booking.sequence == payload.sequence else { return }
        let invite = invite(for: state)
        try await sendInvites(invite, state: state)
        // Sending took a while: if the booking changed meanwhile, the newer job writes the calendars, so an old
        // version never overwrites a newer one (a cancelled meeting put back).
        guard let current = try await read(bookingID, organizationID: organizationID), current.booking.sequence == payload.sequence else { return }
        let participants = state.template.definition.participants
        try await calendars.write(
            invite.method == .cancel ? nil : invite.storedObject(), named: state.booking.id.uuidString, to: participants,
            organizationID: organizationID)
    }

    /// What the job works from.
    private struct State: Sendable {
        var booking: Booking
        var template: MeetingTemplate
        var conversation: Conversation
        var companyName: String
        /// The organization's email connection and its sealed credentials, when it has one.
        var email: (ChannelConnection, sealedCredentials: String)?
    }

    private func read(_ id: Booking.ID, organizationID: Organization.ID) async throws -> State? {
        try await database.read { sql in
            guard let booking = try await BookingRepository.find(id, organizationID: organizationID, on: sql),
                let template = try await MeetingTemplateRepository.find(
                    booking.meetingTemplateID, organizationID: organizationID, includingDeleted: true, on: sql),
                let conversation = try await ConversationRepository.find(
                    booking.conversationID, organizationID: organizationID, lock: false, on: sql),
                let campaign = try await CampaignRepository.find(booking.campaignID, organizationID: organizationID, lock: false, on: sql)
            else { return nil }
            let machine = try await ConversationRepository.machine(conversation, campaign, on: sql)
            return State(
                booking: booking, template: template, conversation: conversation, companyName: machine.companyName,
                email: try await ChannelConnectionRepository.route(organizationID: organizationID, channel: .email, on: sql))
        }
    }

    /// The invite for the booking as it stands: the same UID throughout, its version as SEQUENCE.
    private func invite(for state: State) -> CalendarInvite {
        let definition = state.template.definition
        let candidateName = [state.conversation.firstName, state.conversation.lastName].compactMap { $0 }.joined(separator: " ")
        let organizer = definition.organizer ?? definition.participants[0]
        var attendees = definition.participants.filter { $0.email.lowercased() != organizer.email.lowercased() }
            .map { CalendarInvite.Participant(name: $0.name, email: $0.email) }
        if let email = state.conversation.emailAddress { attendees.insert(.init(name: candidateName, email: email), at: 0) }
        let description = [definition.description, "\(definition.title) with \(candidateName) (\(state.companyName))."]
            .compactMap { $0 }.joined(separator: "\n\n")
        return CalendarInvite(
            uid: "\(state.booking.id.uuidString.lowercased())@parley", sequence: state.booking.sequence,
            method: state.booking.status == .cancelled ? .cancel : .request, start: state.booking.start, end: state.booking.end,
            summary: "\(definition.title): \(candidateName)", description: description, location: definition.location,
            url: definition.videoConferencingURL.flatMap(URL.init(string:)), organizer: .init(name: organizer.name, email: organizer.email),
            attendees: attendees, stamp: clock.now(), reminderMinutes: definition.reminderMinutes
        )
    }

    /// Emails the invite to the organizer and every attendee, each once.
    private func sendInvites(_ invite: CalendarInvite, state: State) async throws {
        var seen = Set<String>()
        let recipients = ([invite.organizer] + invite.attendees).filter { seen.insert($0.email.lowercased()).inserted }
        var relay: (sender: String, relay: SMTPRelay)?
        if let (connection, sealed) = state.email {
            let credentials = try await keyring.box().openCredentials(sealed)
            relay = (
                connection.sender, try SMTPRelay(url: connection.apiBaseURL, username: credentials["username"], password: credentials["password"])
            )
        }
        for (index, recipient) in recipients.enumerated() {
            let claimed = try await claim(state.booking, recipient: recipient.email, method: invite.method, sandbox: relay == nil)
            guard claimed, let (sender, relay) = relay else { continue }
            let message = email(invite, to: recipient, from: sender, state: state, number: index)
            do throws(SMTPError) {
                try await transport.send(message, via: relay)
            } catch {
                if error.outcome == .retryable {
                    // Surely not sent (no connection, or refused before the message): free the claim and try again later.
                    try await release(state.booking, recipient: recipient.email)
                    throw error
                }
                try await mark(state.booking, recipient: recipient.email, status: "FAILED")
                logger.warning(
                    "a calendar invite could not be sent", metadata: ["parley.booking": "\(state.booking.id)", "parley.error": "\(error)"])
                continue
            }
            try await mark(state.booking, recipient: recipient.email, status: "SENT")
        }
    }

    private func email(_ invite: CalendarInvite, to recipient: CalendarInvite.Participant, from sender: String, state: State, number: Int)
        -> EmailMessage
    {
        let definition = state.template.definition
        let zone = TimeZone(identifier: definition.timeZone) ?? .gmt
        let when = "\(label(Slot(start: invite.start, end: invite.end), timeZone: zone)) (\(definition.timeZone))"
        let (subject, lead) =
            switch (invite.method, invite.sequence) {
            case (.cancel, _): ("Cancelled: \(invite.summary)", "This meeting has been cancelled.")
            case (.request, 0): ("Invitation: \(invite.summary)", "You're invited.")
            case (.request, _): ("Updated invitation: \(invite.summary)", "This meeting has moved.")
            }
        let domain = sender.split(separator: "@").last.map(String.init) ?? "parley.localhost"
        return EmailMessage(
            from: EmailAddress(sender, name: state.companyName), to: EmailAddress(recipient.email, name: recipient.name), subject: subject,
            body: "\(lead)\n\n\(definition.title), \(when), \(definition.durationMinutes) minutes.\n\n\(invite.description)", date: clock.now(),
            messageID: "invite-\(state.booking.id.uuidString.lowercased())-\(invite.sequence)-\(number)@\(domain)",
            calendar: .init(method: invite.method.rawValue, content: invite.rendered())
        )
    }

    /// Records that the invite to `recipient` for this booking version is being sent (or kept in the Sandbox);
    /// `false` when it already was.
    private func claim(_ booking: Booking, recipient: String, method: CalendarInvite.Method, sandbox: Bool) async throws -> Bool {
        let now = clock.now().millisecondsSince1970
        return try await database.transaction { sql in
            try await sql.insert(into: "calendar_invites")
                .columns("booking_id", "sequence", "recipient", "organization_id", "method", "status", "created_at", "updated_at")
                .values(
                    SQLBind(booking.id.uuidString), SQLBind(booking.sequence), SQLBind(recipient.lowercased()),
                    SQLBind(booking.organizationID.uuidString), SQLBind(method.rawValue), SQLBind(sandbox ? "SANDBOX" : "SENDING"), SQLBind(now),
                    SQLBind(now)
                )
                .ignoringConflicts(with: ["booking_id", "sequence", "recipient"])
                .returning("booking_id").first() != nil
        }
    }

    private func mark(_ booking: Booking, recipient: String, status: String) async throws {
        try await database.transaction { sql in
            try await invites(booking, recipient: recipient, on: sql) { sql.update("calendar_invites").set("status", to: SQLBind(status)) }
                .set("updated_at", to: SQLBind(clock.now().millisecondsSince1970)).run()
        }
    }

    private func release(_ booking: Booking, recipient: String) async throws {
        try await database.transaction { sql in
            try await invites(booking, recipient: recipient, on: sql) { sql.delete(from: "calendar_invites") }.run()
        }
    }

    /// `query` narrowed to the row of this booking version and recipient.
    private func invites<Query: SQLPredicateBuilder>(
        _ booking: Booking, recipient: String, on sql: any SQLDatabase, _ query: () -> Query
    ) async throws -> Query {
        query().where("booking_id", .equal, SQLBind(booking.id.uuidString)).where("sequence", .equal, SQLBind(booking.sequence))
            .where("recipient", .equal, SQLBind(recipient.lowercased()))
    }
}
