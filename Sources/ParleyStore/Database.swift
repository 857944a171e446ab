import Foundation
package import Logging
import PostgresKit
package import SQLKit
import Synchronization

/// Parley's connection to its SQL database: SQLite (the embedded default) or PostgreSQL, behind one interface.
///
/// Repositories run their statements through ``read(_:)`` or ``transaction(_:)``. On SQLite one connection
/// serves everything, serialised by a lock, so a transaction never sees another task's statements and writers
/// never meet `SQLITE_BUSY` inside the process. On PostgreSQL a ``PostgresClient`` pool serves many connections
/// and transactions run on one leased connection.
///
/// The database must be ``run()`` (as a service, or inside ``withDatabase(_:logger:_:)``) while it is used;
/// PostgreSQL's pool works from that task.
package final class Database: Sendable {
    private enum Backend: Sendable {
        case sqlite(SQLiteSession, AsyncLock)
        case postgres(PostgresClient)
    }

    private let backend: Backend

    /// Which SQL dialect the database speaks.
    package enum Kind: String, Sendable {
        case sqlite
        case postgres
    }

    /// The dialect of this database.
    package var kind: Kind {
        switch backend {
        case .sqlite: .sqlite
        case .postgres: .postgres
        }
    }

    private init(backend: Backend) {
        self.backend = backend
    }

    /// Opens the database at `url`. SQLite files are created when missing and switched to WAL.
    ///
    /// - Parameter searchPath: PostgreSQL schemas to use instead of `public` (tests use one schema each); a
    ///   `search_path` query parameter of the URL does the same.
    package static func open(_ url: DatabaseURL, searchPath: String? = nil, logger: Logger) async throws -> Database {
        switch url {
        case .sqlite(let path):
            let handle = try await SQLiteHandle.open(path: path)
            // WAL lets readers work beside the writer; FULL syncs every commit, so a power cut loses nothing
            // acknowledged; busy_timeout makes other processes (an admin command) wait for the write lock.
            do {
                for pragma in ["PRAGMA journal_mode = WAL", "PRAGMA busy_timeout = 15000", "PRAGMA foreign_keys = ON", "PRAGMA synchronous = FULL"] {
                    try await handle.runWaiting(pragma)
                }
            } catch {
                try? await handle.close()
                throw error
            }
            return Database(backend: .sqlite(SQLiteSession(handle: handle, logger: logger, queryLogLevel: .trace), AsyncLock()))
        case .postgres(let text):
            let sqlConfiguration = try SQLPostgresConfiguration(url: text)
            var configuration = PostgresClient.Configuration(sqlConfiguration.coreConfiguration)
            let urlSearchPath = URLComponents(string: text)?.queryItems?.last { $0.name == "search_path" }?.value
            if let searchPath = searchPath ?? urlSearchPath {
                configuration.options.additionalStartupParameters = [("search_path", searchPath)]
            }
            // The pool warns when a connection is leased before `run()` has begun, which is harmless here: the
            // migrations that start with the server may win that race, and the lease simply waits. Failures that
            // matter reach the caller as thrown errors, so the pool's own log keeps only errors.
            var poolLogger = logger
            poolLogger.logLevel = max(logger.logLevel, .error)
            return Database(backend: .postgres(PostgresClient(configuration: configuration, backgroundLogger: poolLogger)))
        }
    }

    /// Runs statements that need no transaction.
    package func read<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await withoutTransaction(body)
    }

    /// Runs one change that is atomic by itself (a single `UPDATE … WHERE … RETURNING`), committed on its own:
    /// one round trip where ``transaction(_:)`` takes three or more.
    package func autocommit<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await withoutTransaction(body)
    }

    /// Runs a small change in a transaction; on SQLite that transaction is shared with any others submitted while
    /// a group is being written (see ``CommitGroup``), one commit and one `fsync` for many job outcomes or webhook
    /// attempts. It returns once its change is committed; a change that fails is tried again alone, so it reports
    /// its own error.
    ///
    /// PostgreSQL commits each change on its own pooled connection, in parallel, and groups concurrent commits'
    /// WAL flushes itself; grouping them here as well measured slower (1,700 against 2,200 no-op jobs a second).
    ///
    /// - Parameter oneStatement: The change is one statement, atomic by itself: alone, it runs like
    ///   ``autocommit(_:)``, without `BEGIN` and `COMMIT`.
    package func groupCommit<T: Sendable>(
        oneStatement: Bool = false, _ body: @escaping @Sendable (any SQLDatabase) async throws -> T
    ) async throws -> T {
        guard case .sqlite = backend else { return try await oneStatement ? autocommit(body) : transaction(body) }
        let change = PendingChange(oneStatement: oneStatement, body)
        if commitGroup.add(change) {
            // The writer is a task of its own, so no caller waits for others' changes after its own is committed,
            // and a caller that is cancelled does not stop the writes of the rest.
            Task { await writeGroups() }
        }
        return try await change.value()
    }

    private let commitGroup = CommitGroup()

    private func writeGroups() async {
        while true {
            let changes = commitGroup.next()
            if changes.isEmpty { return }
            if changes.count > 1 {
                let committed: Void? = try? await transaction { sql in
                    for change in changes { try await change.run(on: sql) }
                }
                if committed != nil {
                    for change in changes { change.deliver() }
                    continue
                }
            }
            for change in changes {
                do {
                    if change.oneStatement {
                        try await autocommit { sql in try await change.run(on: sql) }
                    } else {
                        try await transaction { sql in try await change.run(on: sql) }
                    }
                    change.deliver()
                } catch {
                    change.fail(error)
                }
            }
        }
    }

    private func withoutTransaction<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        switch backend {
        case .sqlite(let session, let lock):
            return try await lock.withLock { try await body(session) }
        case .postgres(let client):
            return try await client.withConnection { connection in
                try await body(connection.sql(queryLogLevel: .trace))
            }
        }
    }

    /// Rung after a committed transaction queued a job; the job worker waits on it between polls.
    package let jobBell = JobBell()

    /// The API keys this process has looked up lately, shared by every ``APIKeyRepository`` on this database.
    package let recentAPIKeys = RecentAPIKeys()

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws. Once a transaction
    /// that queued a job has committed, ``jobBell`` rings.
    package func transaction<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        let effects = TransactionEffects()
        let result = try await TransactionEffects.$current.withValue(effects) { try await runTransaction(body) }
        if effects.queuedJob { jobBell.ring() }
        return result
    }

    private func runTransaction<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        switch backend {
        case .sqlite(let session, let lock):
            return try await lock.withLock {
                // BEGIN IMMEDIATE may wait for another process's write lock and COMMIT syncs the disk, so both run
                // on the thread pool, and to the end even when the task has been cancelled: a cancelled request
                // never leaves the one connection mid-transaction.
                try await Self.inTransaction(session, begin: "BEGIN IMMEDIATE", body) { statement in
                    try await session.handle.runWaiting(statement)
                }
            }
        case .postgres(let client):
            return try await client.withConnection { connection in
                let sql = connection.sql(queryLogLevel: .trace)
                return try await Self.inTransaction(sql, begin: "BEGIN", body) { statement in
                    try await sql.raw(SQLQueryString(statement)).run()
                }
            }
        }
    }

    /// Begins a transaction on `sql` with `begin`, runs `body`, and ends with COMMIT, or ROLLBACK when anything
    /// throws; `control` runs those three statements.
    private nonisolated(nonsending) static func inTransaction<T: Sendable>(
        _ sql: any SQLDatabase,
        begin: String,
        _ body: (any SQLDatabase) async throws -> T,
        control: (String) async throws -> Void
    ) async throws -> T {
        try await control(begin)
        let result: T
        do {
            result = try await body(sql)
        } catch {
            try? await control("ROLLBACK")
            throw error
        }
        do {
            try await control("COMMIT")
        } catch {
            try? await control("ROLLBACK")
            throw error
        }
        return result
    }

    /// Serves the connection pool until the task is cancelled, then closes every connection.
    package func run() async {
        switch backend {
        case .sqlite(let session, _):
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(3600))
            }
            try? await session.handle.close()
        case .postgres(let client):
            await client.run()
        }
    }
}

/// Opens the database at `url`, runs its pool while `body` uses it, and closes it afterwards.
package func withDatabase<T: Sendable>(
    _ url: DatabaseURL,
    searchPath: String? = nil,
    logger: Logger,
    _ body: (Database) async throws -> T
) async throws -> T {
    let database = try await Database.open(url, searchPath: searchPath, logger: logger)
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await database.run() }
        defer { group.cancelAll() }
        return try await body(database)
    }
}

extension PostgresClient.Configuration {
    /// A pool configuration with the connection settings of a single-connection configuration.
    init(_ configuration: PostgresConnection.Configuration) {
        let tls: PostgresClient.Configuration.TLS =
            switch (configuration.tls.isEnforced, configuration.tls.isAllowed) {
            case (true, _): .require(configuration.tls.sslContext!.configuration)
            case (_, true): .prefer(configuration.tls.sslContext!.configuration)
            default: .disable
            }
        self.init(
            host: configuration.host ?? "127.0.0.1",
            port: configuration.port ?? 5432,
            username: configuration.username,
            password: configuration.password,
            database: configuration.database,
            tls: tls
        )
    }
}

/// What the transaction being run did that others hear of once it commits.
final class TransactionEffects: Sendable {
    @TaskLocal static var current: TransactionEffects?

    private let queued = Atomic(false)

    /// Whether the transaction queued a job.
    var queuedJob: Bool { queued.load(ordering: .relaxed) }

    /// Notes that the transaction queued a job.
    func noteQueuedJob() { queued.store(true, ordering: .relaxed) }
}
