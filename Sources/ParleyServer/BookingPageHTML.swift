import Foundation
import ParleyAPI
import ParleyCore
import ParleyScheduling

/// The booking page's HTML: mobile-first, readable without JavaScript or outside assets, every value escaped.
enum BookingPageHTML {
    /// Shown when a form post named no time.
    static let pickATime = "Please pick one of the times below."
    /// Shown when the time picked was taken a moment before.
    static let slotTaken = "Sorry, someone has just booked that time. Please pick another one."

    /// The free slots, each a button that books it, with a notice above them when given and a link to later times
    /// when there are more.
    static func choose(_ slots: [Slot], nextFrom: Date?, notice: String?, template: MeetingTemplate.Definition, zone: TimeZone) -> String {
        let formatter = ISO8601DateFormatter()
        let buttons =
            slots.isEmpty
            ? "<p>There are no free times right now. Please reply to our message and we'll find one with you.</p>"
            : slots.map { slot in
                #"<button name="start" value="\#(formatter.string(from: slot.start))">\#(escape(label(slot, timeZone: zone)))</button>"#
            }.joined(separator: "\n")
        let alert = notice.map { #"<p class="notice" role="alert">\#(escape($0))</p>"# } ?? ""
        let later = nextFrom.map { #"<p><a href="?from=\#(formatter.string(from: $0))">Later times</a></p>"# } ?? ""
        let body = """
            <h1>\(escape(template.title))</h1>
            \(alert)
            <p>\(template.durationMinutes) minutes · times in \(escape(template.timeZone))\(place(template))</p>
            <form method="post">
            \(buttons)
            </form>
            \(later)
            """
        return document(title: template.title, body: body)
    }

    /// The page once the interview is booked.
    static func booked(_ booking: Booking, template: MeetingTemplate.Definition) -> String {
        document(title: template.title, body: "<h1>You're booked</h1>\n<p>\(escape(BookingMessages.confirmation(booking, template: template)))</p>")
    }

    /// The page for a link that has expired or opens nothing.
    static func unavailable() -> String {
        document(
            title: "Booking link",
            body: """
                <h1>This link has expired</h1>
                <p>This booking link is no longer valid. Please reply to our message and we'll find a time with you.</p>
                """
        )
    }

    private static func place(_ template: MeetingTemplate.Definition) -> String {
        if template.videoConferencing { return " · video call" }
        return template.location.map { " · \(escape($0))" } ?? ""
    }

    private static func document(title: String, body: String) -> String {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>
        body { font-family: system-ui, sans-serif; max-width: 32rem; margin: 0 auto; padding: 1rem; line-height: 1.4; }
        .notice { padding: 0.6rem; border: 2px solid #b00; border-radius: 0.4rem; }
        button { display: block; width: 100%; margin: 0.4rem 0; padding: 0.8rem; font-size: 1rem; border: 1px solid #888; border-radius: 0.4rem; background: #fff; }
        </style>
        </head>
        <body>
        \(body)
        </body>
        </html>
        """
    }

    /// `text` safe inside HTML text and attribute values.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }
}
