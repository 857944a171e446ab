import Foundation
package import ParleyCore
package import ParleyScheduling

extension SlotRules {
    /// The slot rules of a meeting template: its open hours in its zone, length, buffer, notice and window,
    /// with starts every 15 minutes.
    package init?(_ template: MeetingTemplate.Definition) {
        guard let zone = TimeZone(identifier: template.timeZone) else { return nil }
        self.init(
            openHours: template.openHours.map { OpenHours(weekdays: $0.weekdays, start: $0.opens, end: $0.closes) }, timeZone: zone,
            durationMinutes: template.durationMinutes, bufferMinutes: template.bufferMinutes, minimumNoticeMinutes: template.minimumNoticeMinutes,
            bookingWindowDays: template.bookingWindowDays, stepMinutes: 15
        )
    }
}
