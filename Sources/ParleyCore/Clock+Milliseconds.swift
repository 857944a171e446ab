package import Foundation

extension Date {
    /// Milliseconds since 1970, the precision Parley stores and reports.
    package var millisecondsSince1970: Int64 {
        Int64((timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// A date from milliseconds since 1970.
    package init(millisecondsSince1970: Int64) {
        self.init(timeIntervalSince1970: TimeInterval(millisecondsSince1970) / 1000)
    }

    /// This date cut to whole milliseconds, so a value read back from storage equals the value written.
    package var truncatedToMilliseconds: Date {
        Date(millisecondsSince1970: millisecondsSince1970)
    }
}

/// Tells the current time. Injected so that tests control time; Core never reads the system clock itself.
package struct WallClock: Sendable {
    private let read: @Sendable () -> Date

    /// A clock backed by the given function.
    package init(_ read: @escaping @Sendable () -> Date) {
        self.read = read
    }

    /// The system clock.
    package static let system = WallClock { Date() }

    /// The current time, cut to milliseconds.
    package func now() -> Date { read().truncatedToMilliseconds }
}

extension Duration {
    /// The duration in whole milliseconds, for records and logs.
    package var wholeMilliseconds: Int {
        Int(components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000)
    }
}
