import SQLKit
import Synchronization

/// Group commit for small changes (a job's outcome, a webhook attempt): changes submitted while
/// another group is being written wait, then go to the database together in one transaction, so a busy worker
/// pays for one commit (and, on SQLite, one `fsync`) per group rather than per change.
///
/// Nobody waits for a group to fill: a change submitted to an idle group is written at once, by its own task,
/// which then keeps writing whatever arrived meanwhile until nothing is left. Each caller returns only once its
/// own change is committed, exactly as with ``Database/autocommit(_:)``.
final class CommitGroup: Sendable {
    private struct State {
        var waiting: [any GroupedChange] = []
        var writing = false
    }

    private let state = Mutex(State())

    /// Adds `change`; returns whether the caller is to write the group, because no one else is writing.
    func add(_ change: any GroupedChange) -> Bool {
        state.withLock { state in
            state.waiting.append(change)
            guard !state.writing else { return false }
            state.writing = true
            return true
        }
    }

    /// The changes waiting to be written; empty once there are none, and then the next ``add(_:)`` writes.
    func next() -> [any GroupedChange] {
        state.withLock { state in
            let changes = state.waiting
            state.waiting.removeAll()
            if changes.isEmpty { state.writing = false }
            return changes
        }
    }
}

/// One change in a ``CommitGroup``, with the result its caller waits for.
protocol GroupedChange: Sendable {
    /// Whether the change is one statement, atomic without a transaction of its own.
    var oneStatement: Bool { get }
    /// Runs the change on `sql`, keeping its value until ``deliver(_:)`` or ``fail(_:)``; throws what it throws.
    func run(on sql: any SQLDatabase) async throws
    /// Hands the kept value to the caller, once the change is committed.
    func deliver()
    /// Hands `error` to the caller instead.
    func fail(_ error: any Error)
}

/// A ``GroupedChange`` whose body returns a `T`.
final class PendingChange<T: Sendable>: GroupedChange {
    private struct State {
        var kept: T?
        var result: Result<T, any Error>?
        var continuation: CheckedContinuation<T, any Error>?
    }

    let oneStatement: Bool
    private let body: @Sendable (any SQLDatabase) async throws -> T
    private let state = Mutex(State())

    init(oneStatement: Bool, _ body: @escaping @Sendable (any SQLDatabase) async throws -> T) {
        self.oneStatement = oneStatement
        self.body = body
    }

    func run(on sql: any SQLDatabase) async throws {
        let value = try await body(sql)
        state.withLock { $0.kept = value }
    }

    func deliver() {
        guard let value = state.withLock({ $0.kept }) else { return fail(StoreError.corruptRow("a grouped change kept no value")) }
        finish(.success(value))
    }

    func fail(_ error: any Error) {
        finish(.failure(error))
    }

    private func finish(_ result: Result<T, any Error>) {
        let continuation = state.withLock { state -> CheckedContinuation<T, any Error>? in
            guard state.result == nil else { return nil }
            state.result = result
            defer { state.continuation = nil }
            return state.continuation
        }
        continuation?.resume(with: result)
    }

    /// The change's value once it is committed, or the error that stopped it.
    func value() async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let ready = state.withLock { state -> Result<T, any Error>? in
                if state.result == nil { state.continuation = continuation }
                return state.result
            }
            if let ready { continuation.resume(with: ready) }
        }
    }
}
