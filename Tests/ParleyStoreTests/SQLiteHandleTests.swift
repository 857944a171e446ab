import Foundation
import ParleyTesting
import SQLKit
import SQLiteKit
import Testing

@testable import ParleyStore

/// Parley's own SQLite connection (`SQLiteHandle`), through the ``Database`` every repository uses.
@Suite("SQLite connection")
struct SQLiteHandleTests {
    private struct Row: Codable, Equatable {
        var id: Int
        var number: Double?
        var text: String?
        var bytes: Data?
    }

    @Test("every SQLite type reads back as it was written, through kept statements")
    func valuesRoundTrip() async throws {
        try await TestDatabase.sqlite.withFreshDatabase { database in
            try await database.autocommit { sql in
                try await sql.raw("CREATE TABLE kinds (id INTEGER PRIMARY KEY, number REAL, text TEXT, bytes BLOB)").run()
            }
            let rows = [
                Row(id: Int.max, number: -0.125, text: "Grüße, 世界 🙂", bytes: Data([0, 1, 254, 255])),
                Row(id: Int.min, number: 1e300, text: "with a \u{0} inside", bytes: Data()),
                Row(id: 0, number: nil, text: nil, bytes: nil),
            ]
            // The same INSERT three times and the same SELECT twice: the second use of each runs the kept statement
            // with new values, which must not mix with the first's.
            for row in rows {
                try await database.transaction { sql in try await sql.insert(into: "kinds").model(row).run() }
            }
            for _ in 0..<2 {
                let read = try await database.read { sql in
                    try await sql.select().columns("id", "number", "text", "bytes").from("kinds").orderBy("id", .descending).all(decoding: Row.self)
                }
                #expect(read == rows.sorted { $0.id > $1.id })
            }
        }
    }

    @Test("plain columns decode exactly as SQLiteKit's decoder decodes them, edge cases included")
    func plainColumnsDecodeAsSQLiteKitDoes() async throws {
        try await TestDatabase.sqlite.withFreshDatabase { database in
            let row = try await database.read { sql in
                try await sql.raw("SELECT 'x' AS t, 5 AS i, 0 AS b0, 1 AS b1, 2 AS b2, 1.5 AS f, 1e300 AS big").first()
            }
            let decoded = try #require(row)
            let decoder = SQLiteDataDecoder()
            func same<D: Decodable & Equatable>(_ column: String, _ type: D.Type, _ data: SQLiteData) {
                let ours = try? decoded.decode(column: column, as: D.self)
                let theirs = try? decoder.decode(D.self, from: data)
                #expect(ours == theirs, "\(column) as \(D.self)")
            }
            same("t", String.self, .text("x"))
            same("i", Int.self, .integer(5))
            same("i", String.self, .integer(5))
            same("i", Double.self, .integer(5))
            same("b0", Bool.self, .integer(0))
            same("b1", Bool.self, .integer(1))
            same("b2", Bool.self, .integer(2))
            same("f", Double.self, .float(1.5))
            same("f", Int.self, .float(1.5))
            same("big", Double.self, .float(1e300))
            same("t", Int.self, .text("x"))
            #expect(try decoded.decode(column: "b1", as: Bool.self) == true)
            #expect((try? decoded.decode(column: "b2", as: Bool.self)) == nil, "2 is not a Bool, as in SQLiteKit")
        }
    }

    @Test("a refused statement names SQLite's reason and no bound value, and the connection goes on")
    func refusalLeavesTheConnectionUsable() async throws {
        try await TestDatabase.sqlite.withFreshDatabase { database in
            try await database.autocommit { sql in try await sql.raw("CREATE TABLE notes (id INTEGER PRIMARY KEY, note TEXT NOT NULL)").run() }
            try await database.autocommit { sql in try await sql.raw("INSERT INTO notes (id, note) VALUES (1, 'first')").run() }
            let secret = "+14155550123 secret note"
            let error = await #expect(throws: SQLiteFailure.self) {
                try await database.transaction { sql in
                    try await sql.raw("INSERT INTO notes (id, note) VALUES (2, \(bind: "kept until the rollback"))").run()
                    try await sql.raw("INSERT INTO notes (id, note) VALUES (1, \(bind: secret))").run()
                }
            }
            let description = String(describing: try #require(error))
            #expect(description.contains("UNIQUE constraint failed: notes.id"))
            #expect(!description.contains("secret") && !description.contains("+1415"))

            // The failed statement was reset and the transaction rolled back, so the next one commits.
            try await database.transaction { sql in try await sql.raw("INSERT INTO notes (id, note) VALUES (3, 'third')").run() }
            let ids = try await database.read { sql in
                try await sql.raw("SELECT id FROM notes ORDER BY id").all().map { try $0.decode(column: "id", as: Int.self) }
            }
            #expect(ids == [1, 3])
        }
    }

    @Test("more distinct statements than the connection keeps all run, before and after it lets them go")
    func moreStatementsThanKept() async throws {
        try await TestDatabase.sqlite.withFreshDatabase { database in
            let count = SQLiteHandle.statementCapacity * 2 + 10
            let sums = try await database.read { sql in
                var sums: [Int] = []
                for number in 0..<count {
                    let row = try await sql.raw("SELECT \(unsafeRaw: String(number)) + \(bind: 1) AS sum").first()
                    sums.append(try #require(row).decode(column: "sum", as: Int.self))
                }
                return sums
            }
            #expect(sums == Array(1...count))
        }
    }

    @Test("a kept `SELECT *` reads the columns another process's migration added")
    func keptStatementSeesNewColumns() async throws {
        try await TestDatabase.sqlite.withFreshLocation { location in
            try await location.withDatabase { server in
                try await server.autocommit { sql in try await sql.raw("CREATE TABLE things (id INTEGER PRIMARY KEY)").run() }
                try await server.autocommit { sql in try await sql.raw("INSERT INTO things (id) VALUES (1)").run() }
                let before = try await server.read { sql in try await sql.raw("SELECT * FROM things").first()?.allColumns }
                #expect(before == ["id"])
                try await location.withDatabase { migrator in
                    try await migrator.autocommit { sql in try await sql.raw("ALTER TABLE things ADD COLUMN label TEXT DEFAULT 'new'").run() }
                }
                let label = try await server.read { sql in
                    try await sql.raw("SELECT * FROM things").first()?.decode(column: "label", as: String.self)
                }
                #expect(label == "new")
            }
        }
    }

    @Test("a change made outside a transaction waits for another connection's write lock instead of failing")
    func changeWaitsForAnotherWriter() async throws {
        try await TestDatabase.sqlite.withFreshLocation { location in
            try await location.withDatabase { first in
                try await first.autocommit { sql in try await sql.raw("CREATE TABLE marks (id INTEGER PRIMARY KEY)").run() }
                try await location.withDatabase { second in
                    let (locked, signal) = AsyncStream<Void>.makeStream()
                    async let holder: Void = first.transaction { sql in
                        try await sql.raw("INSERT INTO marks (id) VALUES (1)").run()
                        signal.yield()
                        try await Task.sleep(for: .milliseconds(300))
                    }
                    for await _ in locked { break }
                    // The first connection holds the write lock for a while; this change waits for it on the thread
                    // pool and succeeds once the lock is free.
                    try await second.autocommit { sql in try await sql.raw("INSERT INTO marks (id) VALUES (2)").run() }
                    try await holder
                    let ids = try await second.read { sql in
                        try await sql.raw("SELECT id FROM marks ORDER BY id").all().map { try $0.decode(column: "id", as: Int.self) }
                    }
                    #expect(ids == [1, 2])
                }
            }
        }
    }
}
