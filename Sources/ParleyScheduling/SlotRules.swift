package import Foundation

/// What makes a meeting time bookable: opening hours in a time zone, meeting length, buffers around existing
/// bookings, minimum notice, how far ahead, and the granularity of start times.
package struct SlotRules: Sendable, Hashable {
    /// The weekly windows meetings must lie in, in `timeZone`'s wall-clock time.
    package var openHours: [OpenHours]
    /// The zone the opening hours are read in.
    package var timeZone: TimeZone
    /// Meeting length in minutes.
    package var durationMinutes: Int
    /// Minutes kept free before and after every existing booking.
    package var bufferMinutes: Int
    /// How soon from now the earliest meeting may start, in minutes.
    package var minimumNoticeMinutes: Int
    /// How many days ahead of now meetings may start (calendar days in `timeZone`).
    package var bookingWindowDays: Int
    /// Start-time granularity in minutes: a meeting starts a whole number of steps after its window's local start.
    package var stepMinutes: Int

    /// Rules with the given settings; the step defaults to 15 minutes.
    package init(
        openHours: [OpenHours], timeZone: TimeZone, durationMinutes: Int, bufferMinutes: Int = 0,
        minimumNoticeMinutes: Int = 0, bookingWindowDays: Int, stepMinutes: Int = 15
    ) {
        self.openHours = openHours
        self.timeZone = timeZone
        self.durationMinutes = durationMinutes
        self.bufferMinutes = bufferMinutes
        self.minimumNoticeMinutes = minimumNoticeMinutes
        self.bookingWindowDays = bookingWindowDays
        self.stepMinutes = stepMinutes
    }
}
