package import Foundation
package import ParleyCore
package import ParleyScheduling

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

    /// Numbered meeting times for the candidate to pick from, read in `zone`, and the booking link (the marker the
    /// server fills) for any other time, unless the message already carries it.
    package static func offer(_ slots: [Slot], zone: TimeZone, withLink: Bool) -> String {
        let link = withLink ? " \(MessagePlaceholder.bookingLinkMarker)" : " the link above"
        guard !slots.isEmpty else {
            return withLink ? "Pick a time for your interview here:\(link)" : ""
        }
        let numbers = slots.indices.map { "\($0 + 1)" }
        let choices = slots.enumerated().map { "\($0.offset + 1)) \(label($0.element, timeZone: zone))" }.joined(separator: "\n")
        let reply = numbers.count == 1 ? "Reply 1" : "Reply \(numbers.dropLast().joined(separator: ", ")) or \(numbers[numbers.count - 1])"
        return "Here are the next free times for your interview (\(zone.identifier) time):\n\(choices)\n"
            + "\(reply) to book one, or pick another time here:\(link)"
    }

    /// The candidate's reply to an offer named no single time.
    package static let pickAgain =
        "Sorry, I couldn't tell which time suits you. Reply with the number of one of the times above, or pick another time here: "
        + MessagePlaceholder.bookingLinkMarker

    /// The picked time was taken before the candidate's reply was read; new times follow.
    package static let slotTaken = "Sorry, that time was just taken."

    /// The conversation already has a booking.
    package static let alreadyBooked = "You already have an interview booked; you'll find the details in my earlier message."

    private static func when(_ booking: Booking, _ template: MeetingTemplate.Definition) -> String {
        let zone = TimeZone(identifier: template.timeZone) ?? .gmt
        return "\(label(Slot(start: booking.start, end: booking.end), timeZone: zone)) (\(template.timeZone))"
    }

    private static func place(_ template: MeetingTemplate.Definition) -> String {
        template.videoConferencingURL.map { " Join: \($0)" } ?? template.location.map { " Where: \($0)." } ?? ""
    }
}
