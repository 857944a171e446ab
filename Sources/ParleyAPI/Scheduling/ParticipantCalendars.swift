package import Foundation
package import ParleyCore
package import ParleyScheduling

/// The calendars of a meeting template's participants: read for busy times before slots are offered, written when a
/// booking is made, moved or cancelled.
package protocol ParticipantCalendars: Sendable {
    /// The times the participants are busy between `from` and `to`. A calendar that cannot be read is logged and
    /// left out, so one broken connection does not stop every candidate from booking.
    func busyTimes(of participants: [MeetingParticipant], organizationID: Organization.ID, from: Date, to: Date) async -> [BusyInterval]
}

/// No participant has a connected calendar.
package struct NoParticipantCalendars: ParticipantCalendars {
    package init() {}

    package func busyTimes(of participants: [MeetingParticipant], organizationID: Organization.ID, from: Date, to: Date) async -> [BusyInterval] {
        []
    }
}
