import Foundation
import ParleyScheduling

/// Invites with awkward text for the iCalendar tests.
enum InviteFixtures {
    static let summary = "Interview; Backend, Platform \\ Team: Zoë 🚀"
    static let description =
        "Hi Zoë,\nThanks for your time; we'll talk about the role, the team, and next steps.\r\nJoin: https://meet.example.com/abc?x=1,2;3\n"
        + String(repeating: "Grüße 👋🏽 日本語テキスト ", count: 6)
    static let location = "Room 4, Floor 2; Berlin"

    /// A request with a reminder, unusual names and long multi-byte text.
    static let request = CalendarInvite(
        uid: "slot-42@parley.example", sequence: 2, method: .request,
        start: TestSupport.instant("2025-03-04T09:00:00Z"), end: TestSupport.instant("2025-03-04T09:30:00Z"),
        summary: summary, description: description, location: location,
        url: URL(string: "https://parley.example/booking/42?token=a,b;c"),
        organizer: .init(name: "Parley: Recruiting", email: "recruiting@parley.example"),
        attendees: [
            .init(name: "Doe, Jane", email: "jane@example.com"), .init(name: "Zoë \"Z\" Ünal", email: "zoe@example.org"),
            .init(name: "Plain Name", email: "plain@example.net"),
        ],
        stamp: TestSupport.instant("2025-03-01T08:15:30Z"), reminderMinutes: 15)

    /// The same meeting, cancelled.
    static var cancellation: CalendarInvite {
        var invite = request
        invite.method = .cancel
        invite.sequence = 3
        invite.location = nil
        invite.url = nil
        return invite
    }
}
