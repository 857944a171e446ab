package import Foundation

/// A taken stretch of time [start, end).
package struct CalDAVBusyTime: Sendable, Hashable {
    /// The first instant that is taken.
    package var start: Date
    /// The first instant after the taken stretch; always later than ``start``.
    package var end: Date

    /// Creates the busy stretch [start, end).
    package init(start: Date, end: Date) {
        self.start = start
        self.end = end
    }

    /// Whether this stretch shares at least one instant with [from, to).
    package func overlaps(from: Date, to: Date) -> Bool {
        start < to && end > from
    }
}
