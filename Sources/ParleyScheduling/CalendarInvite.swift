package import Foundation

/// A meeting invitation or cancellation as an iCalendar (RFC 5545) object with one event, for email attachments
/// and calendar links; `rendered()` writes it.
package struct CalendarInvite: Sendable, Hashable {
    /// Whether the invite asks attendees to add the event or tells them it is off (iTIP, RFC 5546).
    package enum Method: String, Sendable, Hashable {
        /// A new or updated meeting.
        case request = "REQUEST"
        /// A cancelled meeting; send with the same `uid` and a higher `sequence`.
        case cancel = "CANCEL"
    }

    /// A person taking part: their display name and email address.
    package struct Participant: Sendable, Hashable {
        /// Display name.
        package var name: String
        /// Email address, without "mailto:".
        package var email: String

        /// The participant `name` at `email`.
        package init(name: String, email: String) {
            self.name = name
            self.email = email
        }
    }

    /// Globally unique, stable identifier of the meeting; updates and cancellations reuse it.
    package var uid: String
    /// Revision number, raised with each update or cancellation.
    package var sequence: Int
    /// Request or cancellation.
    package var method: Method
    /// When the meeting starts; written in UTC.
    package var start: Date
    /// When the meeting ends; written in UTC.
    package var end: Date
    /// Title.
    package var summary: String
    /// Body text; may hold several lines.
    package var description: String
    /// Where the meeting happens, if anywhere in particular.
    package var location: String?
    /// A link for the meeting, such as a video call or the booking page.
    package var url: URL?
    /// Who sends the invite.
    package var organizer: Participant
    /// Who is invited.
    package var attendees: [Participant]
    /// When this version of the invite was made (DTSTAMP).
    package var stamp: Date
    /// Minutes before the start at which calendars should show a reminder; none when `nil`.
    package var reminderMinutes: Int?
    /// The product identifier written as PRODID.
    package var productID: String

    /// An invite with the given fields.
    package init(
        uid: String, sequence: Int = 0, method: Method = .request, start: Date, end: Date, summary: String,
        description: String, location: String? = nil, url: URL? = nil, organizer: Participant, attendees: [Participant],
        stamp: Date, reminderMinutes: Int? = nil, productID: String = "-//Parley//Scheduling//EN"
    ) {
        self.uid = uid
        self.sequence = sequence
        self.method = method
        self.start = start
        self.end = end
        self.summary = summary
        self.description = description
        self.location = location
        self.url = url
        self.organizer = organizer
        self.attendees = attendees
        self.stamp = stamp
        self.reminderMinutes = reminderMinutes
        self.productID = productID
    }
}
