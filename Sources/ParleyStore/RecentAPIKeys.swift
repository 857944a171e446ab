package import Foundation
package import ParleyCore
import Synchronization

/// API keys this process looked up in the last few seconds, by the hash of the whole key, so a busy client's
/// requests skip the key's database round trip.
///
/// An entry holds the key as stored (its organization, expiry and revocation), and the key is still checked
/// against the request's time on every use, so expiry is exact. A revocation made through this process forgets
/// the key at once; one made by another process (`parley admin revoke-api-key`, or another server on the same
/// PostgreSQL) is seen within ``lifetime``. Only keys that exist are kept, never a lookup that found nothing.
package final class RecentAPIKeys: Sendable {
    private struct Entry {
        var key: APIKey
        var storedAt: Date
    }

    /// How long a looked-up key is trusted before it is read again.
    package static let lifetime: TimeInterval = 5

    /// The most keys kept; past it, expired entries are dropped, and then all of them.
    package static let capacity = 10_000

    private struct State {
        var entries: [String: Entry] = [:]
        /// Counts revocations, so a lookup that raced one does not store what it read before it.
        var revocations: UInt64 = 0
    }

    private let state = Mutex(State())

    package init() {}

    /// A mark to take before reading a key from the database and to hand to ``store(_:hash:at:readSince:)``.
    package var mark: UInt64 { state.withLock { $0.revocations } }

    /// The key whose hash is `hash`, when it was looked up within ``lifetime`` before `now`.
    package func key(hash: String, at now: Date) -> APIKey? {
        state.withLock { state in
            guard let entry = state.entries[hash] else { return nil }
            let age = now.timeIntervalSince(entry.storedAt)
            guard age >= 0, age < Self.lifetime else {
                state.entries[hash] = nil
                return nil
            }
            return entry.key
        }
    }

    /// Remembers `key`, read from the database at `now`, under the hash of its whole text; unless a key was
    /// revoked through this process since `mark` was taken, when what was read may already be out of date.
    package func store(_ key: APIKey, hash: String, at now: Date, readSince mark: UInt64) {
        state.withLock { state in
            guard state.revocations == mark else { return }
            if state.entries.count >= Self.capacity {
                state.entries = state.entries.filter { now.timeIntervalSince($0.value.storedAt) < Self.lifetime }
                if state.entries.count >= Self.capacity { state.entries.removeAll(keepingCapacity: true) }
            }
            state.entries[hash] = Entry(key: key, storedAt: now)
        }
    }

    /// Forgets the key with this prefix, after it was revoked.
    package func forget(prefix: String) {
        state.withLock { state in
            state.revocations &+= 1
            state.entries = state.entries.filter { $0.value.key.prefix != prefix }
        }
    }
}
