package import Foundation
import OpenAPIRuntime
import ParleyCore
import Synchronization

/// Reads RFC 3339 times with or without fractional seconds (`2027-01-15T09:00:00Z`, `…09:00:00.000Z`), as clients
/// send both, and writes them with milliseconds (``Foundation/Date/internetTimestamp``).
package final class TimestampTranscoder: DateTranscoder {
    private struct Formatters: @unchecked Sendable {
        let fractional: ISO8601DateFormatter
        let whole: ISO8601DateFormatter
    }

    /// Formatters are not thread-safe; the lock keeps each use to one thread.
    private let formatters: Mutex<Formatters>

    package init() {
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatters = Mutex(Formatters(fractional: fractional, whole: ISO8601DateFormatter()))
    }

    package func encode(_ date: Date) throws -> String {
        date.internetTimestamp
    }

    package func decode(_ text: String) throws -> Date {
        guard let date = formatters.withLock({ $0.fractional.date(from: text) ?? $0.whole.date(from: text) }) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "must be an RFC 3339 time such as 2027-01-15T09:00:00Z"))
        }
        return date
    }
}
