import Logging
import NIOCore
import NIOPosix
import SQLiteNIO
import Synchronization
import VaporCSQLite

/// Parley's one SQLite connection, over the SQLite library that sqlite-nio builds in. A statement runs on the
/// thread that asks for it, and stays prepared for the next time its SQL comes.
///
/// sqlite-nio hands every statement to a thread pool and back, and parses it anew each time; for the short,
/// indexed statements Parley runs, those two thread hand-offs and the parse cost more than SQLite's own work.
/// Only what may wait goes to the thread pool here: opening the file, `BEGIN IMMEDIATE` and `COMMIT` (another
/// process's lock, the disk sync) and any change outside a transaction, which does both. Everything else reads
/// pages from memory and returns in microseconds, on the caller's thread.
///
/// Callers serialise their use (``Database`` holds its lock around every statement), so the mutex inside is
/// never contended; it only hands the connection safely from thread to thread.
final class SQLiteHandle: Sendable {
    private let connection = Mutex(Connection())
    /// Where the statements that may wait run.
    private let threadPool = NIOThreadPool.singleton

    /// The most statements kept prepared; past it, all are finalized and the cache starts again. Parley's
    /// repositories have a few hundred statements, and multi-row inserts one per row count.
    static let statementCapacity = 512

    private init() {}

    /// Opens (and creates when missing) the database file at `path`.
    static func open(path: String) async throws -> SQLiteHandle {
        let handle = SQLiteHandle()
        try await handle.threadPool.runIfActive { try handle.connection.withLock { connection in try connection.open(path: path) } }
        return handle
    }

    /// Runs `sql` with `binds` and returns its rows. A change outside a transaction runs on the thread pool,
    /// since it takes the write lock and syncs the disk; everything else runs here.
    func run(_ sql: String, _ binds: [SQLiteData]) async throws -> [SQLiteResultRow] {
        if let rows = try connection.withLock({ connection in try connection.run(sql, binds, unlessItMayWait: true) }) {
            return rows
        }
        return try await offload(sql, binds)
    }

    /// Runs `sql` on the thread pool, to the end even when the calling task is cancelled: for `BEGIN IMMEDIATE`,
    /// `COMMIT` and `ROLLBACK`, which may wait on another process's lock or on the disk.
    func runWaiting(_ sql: String) async throws {
        _ = try await offload(sql, [])
    }

    private func offload(_ sql: String, _ binds: [SQLiteData]) async throws -> [SQLiteResultRow] {
        // The future-based call runs its work even if the task is cancelled meanwhile, so a COMMIT or ROLLBACK
        // is never skipped and the connection never left mid-transaction.
        let rows: EventLoopFuture<[SQLiteResultRow]> = threadPool.runIfActive(eventLoop: MultiThreadedEventLoopGroup.singleton.any()) {
            try self.connection.withLock { connection in try connection.run(sql, binds, unlessItMayWait: false) ?? [] }
        }
        return try await rows.get()
    }

    /// Finalizes every statement and closes the file.
    func close() async throws {
        let closed: EventLoopFuture<Void> = threadPool.runIfActive(eventLoop: MultiThreadedEventLoopGroup.singleton.any()) {
            self.connection.withLock { connection in connection.close() }
        }
        try await closed.get()
    }

    deinit {
        connection.withLock { connection in connection.close() }
    }
}

/// The `sqlite3` handle and its prepared statements, used by one thread at a time.
private struct Connection {
    private var database: OpaquePointer?
    private var statements: [String: PreparedStatement] = [:]

    mutating func open(path: String) throws {
        let flags = SQLITE_OPEN_CREATE | SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX | SQLITE_OPEN_EXRESCODE
        let status = sqlite_nio_sqlite3_open_v2(path, &database, flags, nil)
        guard status == SQLITE_OK else {
            let failure = SQLiteFailure(status: status, database: database, during: "opening the database")
            sqlite_nio_sqlite3_close(database)
            database = nil
            throw failure
        }
    }

    /// The rows of `sql`; `nil` without running it when `unlessItMayWait` and it is a change outside a
    /// transaction.
    mutating func run(_ sql: String, _ binds: [SQLiteData], unlessItMayWait: Bool) throws -> [SQLiteResultRow]? {
        var statement = try prepared(sql)
        if unlessItMayWait, sqlite_nio_sqlite3_stmt_readonly(statement.handle) == 0, sqlite_nio_sqlite3_get_autocommit(database) != 0 {
            return nil
        }
        // Reset only: every run binds all of its values anew, and clearing the bindings would make SQLite parse
        // and plan the statement again at its next step.
        defer { sqlite_nio_sqlite3_reset(statement.handle) }
        try bind(binds, to: statement.handle)
        var rows: [SQLiteResultRow] = []
        while true {
            let status = sqlite_nio_sqlite3_step(statement.handle)
            switch status {
            case SQLITE_ROW:
                if rows.isEmpty, Int(sqlite_nio_sqlite3_column_count(statement.handle)) != statement.columns.names.count {
                    // SQLite prepared the statement again after a schema change (another process migrated the
                    // file), and `SELECT *` now has other columns.
                    statement = PreparedStatement(handle: statement.handle, columns: Self.columns(of: statement.handle))
                    statements[sql] = statement
                }
                rows.append(SQLiteResultRow(columns: statement.columns, values: try values(of: statement)))
            case SQLITE_DONE:
                return rows
            default:
                throw SQLiteFailure(status: status, database: database, during: "running a statement")
            }
        }
    }

    private mutating func prepared(_ sql: String) throws -> PreparedStatement {
        if let statement = statements[sql] { return statement }
        // A task still at work when the server closes the database gets an error, not a call on a closed handle.
        guard database != nil else { throw SQLiteFailure(status: SQLITE_MISUSE, database: nil, during: "using a closed database") }
        var handle: OpaquePointer?
        let status = sqlite_nio_sqlite3_prepare_v3(database, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &handle, nil)
        guard status == SQLITE_OK, let handle else {
            sqlite_nio_sqlite3_finalize(handle)
            throw SQLiteFailure(status: status, database: database, during: "preparing a statement")
        }
        let statement = PreparedStatement(handle: handle, columns: Self.columns(of: handle))
        if statements.count >= SQLiteHandle.statementCapacity { finalizeAll() }
        statements[sql] = statement
        return statement
    }

    private static func columns(of handle: OpaquePointer) -> SQLiteColumns {
        let names = (0..<sqlite_nio_sqlite3_column_count(handle)).map { column in
            sqlite_nio_sqlite3_column_name(handle, column).map { String(cString: $0) } ?? ""
        }
        return SQLiteColumns(names: names)
    }

    private func bind(_ binds: [SQLiteData], to handle: OpaquePointer) throws {
        for (offset, value) in binds.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32 =
                switch value {
                case .integer(let number): sqlite_nio_sqlite3_bind_int64(handle, index, Int64(number))
                case .float(let number): sqlite_nio_sqlite3_bind_double(handle, index, number)
                case .null: sqlite_nio_sqlite3_bind_null(handle, index)
                case .text(let text):
                    sqlite_nio_sqlite3_bind_text64(handle, index, text, UInt64(text.utf8.count), transient, UInt8(SQLITE_UTF8))
                case .blob(let bytes):
                    bytes.withUnsafeReadableBytes {
                        sqlite_nio_sqlite3_bind_blob64(handle, index, $0.baseAddress, UInt64($0.count), transient)
                    }
                }
            guard status == SQLITE_OK else { throw SQLiteFailure(status: status, database: database, during: "binding a value") }
        }
    }

    private func values(of statement: PreparedStatement) throws -> [SQLiteData] {
        let handle = statement.handle
        return try (0..<Int32(statement.columns.names.count)).map { column -> SQLiteData in
            switch sqlite_nio_sqlite3_column_type(handle, column) {
            case SQLITE_INTEGER: return .integer(Int(sqlite_nio_sqlite3_column_int64(handle, column)))
            case SQLITE_FLOAT: return .float(sqlite_nio_sqlite3_column_double(handle, column))
            case SQLITE_NULL: return .null
            case SQLITE_TEXT:
                let count = Int(sqlite_nio_sqlite3_column_bytes(handle, column))
                guard let text = sqlite_nio_sqlite3_column_text(handle, column) else { return .text("") }
                return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
            case SQLITE_BLOB:
                let count = Int(sqlite_nio_sqlite3_column_bytes(handle, column))
                var buffer = ByteBufferAllocator().buffer(capacity: count)
                if let bytes = sqlite_nio_sqlite3_column_blob(handle, column) {
                    buffer.writeBytes(UnsafeRawBufferPointer(start: bytes, count: count))
                }
                return .blob(buffer)
            default:
                throw SQLiteFailure(status: SQLITE_MISMATCH, database: database, during: "reading a column of unknown type")
            }
        }
    }

    private mutating func finalizeAll() {
        for statement in statements.values { sqlite_nio_sqlite3_finalize(statement.handle) }
        statements.removeAll(keepingCapacity: true)
    }

    /// Finalizes every statement and closes the file; closing again does nothing.
    mutating func close() {
        guard database != nil else { return }
        finalizeAll()
        sqlite_nio_sqlite3_close(database)
        database = nil
    }
}

/// A statement kept prepared, with the names of its result columns.
private struct PreparedStatement {
    let handle: OpaquePointer
    let columns: SQLiteColumns
}

/// Tells SQLite to copy a bound value before the call returns.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// An error SQLite reported: its result code, its message, and what Parley was doing. It never holds bound
/// values, so candidates' data stays out of logs.
struct SQLiteFailure: Error, CustomStringConvertible {
    /// SQLite's extended result code.
    let code: Int32
    let message: String
    let operation: String

    init(status: Int32, database: OpaquePointer?, during operation: String) {
        code = status
        message = database.flatMap { sqlite_nio_sqlite3_errmsg($0) }.map { String(cString: $0) } ?? String(cString: sqlite_nio_sqlite3_errstr(status))
        self.operation = operation
    }

    var description: String { "SQLite error \(code) while \(operation): \(message)" }
}
