package import Foundation

/// How long to wait before trying a failed job again: exponential backoff with full jitter, capped.
package struct RetryPolicy: Sendable, Equatable {
    /// Attempts in all, the first included.
    package var maxAttempts: Int
    /// The wait after the first failure, before jitter.
    package var baseDelay: TimeInterval
    /// The longest wait.
    package var maxDelay: TimeInterval

    /// Exponential backoff: `base`, `2 × base`, `4 × base`, … up to `max`, each scaled by jitter.
    package static func exponentialBackoff(maxAttempts: Int = 8, base: TimeInterval = 2, max: TimeInterval = 3600) -> RetryPolicy {
        RetryPolicy(maxAttempts: maxAttempts, baseDelay: base, maxDelay: max)
    }

    /// The wait after `attempt` (1 for the first) failed, or `nil` when no attempt is left.
    ///
    /// - Parameter jitter: A number in `0...1` from an injected random source; the wait is spread over
    ///   `[delay / 2, delay]` so that jobs failing together do not retry together.
    package func delay(afterAttempt attempt: Int, jitter: Double) -> TimeInterval? {
        guard attempt < maxAttempts else { return nil }
        let exponential = baseDelay * pow(2, Double(max(0, attempt - 1)))
        let capped = min(exponential, maxDelay)
        return capped / 2 + capped / 2 * min(max(jitter, 0), 1)
    }
}
