import DequeModule
import Synchronization

/// A first-come, first-served lock for async code: holders are serialised without blocking a thread.
///
/// Guards the one SQLite connection so that a transaction's statements never interleave with another task's.
final class AsyncLock: Sendable {
    private struct State {
        var isLocked = false
        var waiters: Deque<CheckedContinuation<Void, Never>> = []
    }

    private let state = Mutex(State())

    /// Runs `body` while holding the lock.
    func withLock<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        await lock()
        defer { unlock() }
        return try await body()
    }

    private func lock() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let acquired = state.withLock { state in
                if state.isLocked {
                    state.waiters.append(continuation)
                    return false
                }
                state.isLocked = true
                return true
            }
            if acquired { continuation.resume() }
        }
    }

    private func unlock() {
        let next = state.withLock { state in
            if let next = state.waiters.popFirst() { return Optional(next) }
            state.isLocked = false
            return nil
        }
        // Ownership passes straight to the next waiter; the lock stays taken.
        next?.resume()
    }
}
