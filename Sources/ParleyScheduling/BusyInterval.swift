package import Foundation

/// A half-open stretch of time, `[start, end)`, that is taken: an existing booking or a calendar busy block.
package struct BusyInterval: Sendable, Hashable {
    /// The first moment taken.
    package var start: Date
    /// The first moment free again after `start`.
    package var end: Date

    /// The interval `[start, end)`.
    package init(start: Date, end: Date) {
        self.start = start
        self.end = end
    }
}
