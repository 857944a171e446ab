package import Foundation

extension Date {
    /// Milliseconds since 1970 to the nearest (halves up, as `ISO8601DateFormatter` writes them), the precision
    /// Parley stores and reports. Rounding down would read a stored value back as `…067.9999` and make it one
    /// millisecond less.
    package var millisecondsSince1970: Int64 {
        Int64((timeIntervalSince1970 * 1000 + 0.5).rounded(.down))
    }

    /// A date from milliseconds since 1970.
    package init(millisecondsSince1970: Int64) {
        self.init(timeIntervalSince1970: TimeInterval(millisecondsSince1970) / 1000)
    }

    /// This date at the nearest whole millisecond, so a value read back from storage equals the value written.
    package var roundedToMilliseconds: Date {
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

    /// The current time, at whole milliseconds.
    package func now() -> Date { read().roundedToMilliseconds }
}

extension Duration {
    /// The duration in whole milliseconds, for records and logs.
    package var wholeMilliseconds: Int {
        Int(components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000)
    }
}
