import Foundation
package import ParleyCore
import ParleyScheduling

/// What the candidate is told in the conversation about their booking.
package enum BookingMessages {
    /// The booking is made.
    package static func confirmation(_ booking: Booking, template: MeetingTemplate.Definition) -> String {
        "You're booked for \(template.title) on \(when(booking, template)), \(template.durationMinutes) minutes.\(place(template))"
    }

    /// The booking moved.
    package static func rescheduled(_ booking: Booking, template: MeetingTemplate.Definition) -> String {
        "Your \(template.title) has moved to \(when(booking, template)), \(template.durationMinutes) minutes.\(place(template))"
    }

    /// The booking is off.
    package static func cancelled(_ booking: Booking, template: MeetingTemplate.Definition) -> String {
        "Your \(template.title) on \(when(booking, template)) has been cancelled. We'll be in touch."
    }

    private static func when(_ booking: Booking, _ template: MeetingTemplate.Definition) -> String {
        let zone = TimeZone(identifier: template.timeZone) ?? .gmt
        return "\(label(Slot(start: booking.start, end: booking.end), timeZone: zone)) (\(template.timeZone))"
    }

    private static func place(_ template: MeetingTemplate.Definition) -> String {
        template.videoConferencingURL.map { " Join: \($0)" } ?? template.location.map { " Where: \($0)." } ?? ""
    }
}
