package import Foundation
package import ParleyCore
import Synchronization

/// A clock tests move by hand, so scheduled work is tested without waiting.
package final class ManualClock: Sendable {
    private let current: Mutex<Date>

    package init(_ start: Date = Date(millisecondsSince1970: 1_800_000_000_000)) {
        current = Mutex(start)
    }

    /// The time now.
    package var now: Date { current.withLock { $0 } }

    /// A ``WallClock`` reading this clock.
    package var wallClock: WallClock { WallClock { self.now } }

    /// Moves the clock forward.
    package func advance(by interval: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(interval) }
    }
}
