package import Foundation

/// A bookable meeting time, the half-open interval `[start, end)`.
package struct Slot: Sendable, Hashable {
    /// When the meeting starts.
    package var start: Date
    /// When the meeting ends.
    package var end: Date

    /// The slot `[start, end)`.
    package init(start: Date, end: Date) {
        self.start = start
        self.end = end
    }
}
