import ParleyStore
import ParleyTesting
import SQLKit
import Testing

@Suite("Group commit")
struct GroupCommitTests {
    @Test(
        "changes made at once are all committed with their own results, and one that fails fails alone",
        .timeLimit(.minutes(1)), arguments: TestDatabase.available)
    func changesAtOnce(_ kind: TestDatabase) async throws {
        try await kind.withFreshDatabase { database in
            try await database.read { sql in try await sql.raw("CREATE TABLE grouped (id INTEGER PRIMARY KEY, note TEXT NOT NULL)").run() }
            let first = try await insertAtOnce(Array(0..<30), into: database)
            #expect(first.allSatisfy { id, result in (try? result.get()) == id }, "each caller gets its own change's value")

            // Number 37 comes twice, so exactly one of those two must fail, and only that one.
            let second = try await insertAtOnce(Array(30..<60) + [37], into: database)
            let failed = second.filter { (try? $0.1.get()) == nil }
            #expect(failed.map(\.0) == [37])
            #expect(second.filter { (try? $0.1.get()) == $0.0 }.count == 30)

            let stored = try await database.read { sql in
                try await sql.raw("SELECT id FROM grouped ORDER BY id").all().map { try $0.decode(column: "id", as: Int.self) }
            }
            #expect(stored == Array(0..<60), "every other change is committed")
        }
    }

    /// Inserts a row for each id, all at once through ``Database/groupCommit(_:)``; each id with what its call returned.
    private func insertAtOnce(_ ids: [Int], into database: Database) async throws -> [(Int, Result<Int, any Error>)] {
        try await withThrowingTaskGroup(of: (Int, Result<Int, any Error>).self) { group in
            for id in ids {
                group.addTask {
                    do {
                        let returned = try await database.groupCommit { sql in
                            try await sql.raw("INSERT INTO grouped (id, note) VALUES (\(bind: id), 'x') RETURNING id")
                                .first()?.decode(column: "id", as: Int.self) ?? -1
                        }
                        return (id, .success(returned))
                    } catch {
                        return (id, .failure(error))
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }
}
