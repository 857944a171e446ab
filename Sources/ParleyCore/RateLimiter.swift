package import Foundation
import Synchronization

/// Limits how fast each API key, and each organization across its keys, may call: a token bucket each, filled
/// at the limit's rate and holding up to ``Limit/burst`` requests. A request is let through only when both its
/// key's bucket and its organization's have a token, and then takes one from each.
///
/// The buckets live in this process: a deployment of several servers allows each of them the limit.
package final class RateLimiter: Sendable {
    /// A sustained rate and the burst above it.
    package struct Limit: Sendable, Equatable {
        /// Requests a second, on average.
        package var perSecond: Double
        /// Requests that may arrive at once after a quiet spell.
        package var burst: Double

        /// `perSecond` requests a second, in bursts of up to four seconds' worth.
        package init(perSecond: Double, burst: Double? = nil) {
            self.perSecond = perSecond
            self.burst = burst ?? perSecond * 4
        }
    }

    /// What the limiter says of one request.
    package enum Decision: Sendable, Equatable {
        case allowed
        /// Refused: the limit of `subject` ("key" or "organization") is spent; a token is back in `retryAfter`.
        case limited(subject: Subject, limit: Limit, retryAfter: TimeInterval)
    }

    /// Whose limit refused a request.
    package enum Subject: String, Sendable {
        case key
        case organization
    }

    private struct Bucket {
        var tokens: Double
        var updated: Date

        /// The tokens at `now`, after filling at `limit`'s rate since the last look.
        mutating func fill(_ limit: Limit, at now: Date) {
            tokens = min(limit.burst, tokens + max(0, now.timeIntervalSince(updated)) * limit.perSecond)
            updated = now
        }

        /// Seconds until a whole token is there.
        func wait(_ limit: Limit) -> TimeInterval {
            tokens >= 1 ? 0 : (1 - tokens) / limit.perSecond
        }
    }

    private struct State {
        var keys: [String: Bucket] = [:]
        var organizations: [String: Bucket] = [:]
    }

    private let keyLimit: Limit?
    private let organizationLimit: Limit?
    private let state = Mutex(State())

    /// A limiter with a limit per key and one per organization; `nil` leaves that side unlimited.
    package init(perKey keyLimit: Limit?, perOrganization organizationLimit: Limit?) {
        self.keyLimit = keyLimit
        self.organizationLimit = organizationLimit
    }

    /// Takes a token for a request of `key` in `organization` at `now`, or says how long to wait.
    package func admit(key: String, organization: String, at now: Date) -> Decision {
        state.withLock { state in
            var keyBucket = keyLimit.map { limit in Self.filled(state.keys[key], limit, now) }
            var organizationBucket = organizationLimit.map { limit in Self.filled(state.organizations[organization], limit, now) }
            if let limit = keyLimit, let bucket = keyBucket, bucket.tokens < 1 {
                state.keys[key] = bucket
                return .limited(subject: .key, limit: limit, retryAfter: bucket.wait(limit))
            }
            if let limit = organizationLimit, let bucket = organizationBucket, bucket.tokens < 1 {
                state.organizations[organization] = bucket
                return .limited(subject: .organization, limit: limit, retryAfter: bucket.wait(limit))
            }
            keyBucket?.tokens -= 1
            organizationBucket?.tokens -= 1
            if let keyBucket { state.keys[key] = keyBucket }
            if let organizationBucket { state.organizations[organization] = organizationBucket }
            return .allowed
        }
    }

    private static func filled(_ bucket: Bucket?, _ limit: Limit, _ now: Date) -> Bucket {
        var bucket = bucket ?? Bucket(tokens: limit.burst, updated: now)
        bucket.fill(limit, at: now)
        return bucket
    }
}
