/// A weekly opening window in local wall-clock time: the weekdays it applies to and its daily start and end.
package struct OpenHours: Sendable, Hashable {
    /// Days open, 1 = Sunday … 7 = Saturday (Gregorian weekday numbers, as in `BusinessHours`).
    package var weekdays: Set<Int>
    /// Start of the window, minutes after local midnight (0…1440).
    package var start: Int
    /// End of the window (exclusive), minutes after local midnight (0…1440, after `start`); 1440 is the next midnight.
    package var end: Int

    /// A window on `weekdays` from `start` to `end`, both minutes after local midnight.
    package init(weekdays: Set<Int>, start: Int, end: Int) {
        self.weekdays = weekdays
        self.start = start
        self.end = end
    }

    /// Monday to Friday, 09:00 to 17:00.
    package static let weekdaysNineToFive = OpenHours(weekdays: [2, 3, 4, 5, 6], start: 9 * 60, end: 17 * 60)
}
