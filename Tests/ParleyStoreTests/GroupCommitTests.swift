import ParleyStore
import ParleyTesting
import SQLKit
import Testing

@Suite("Group commit")
struct GroupCommitTests {
    @Test(
        "changes made at once are all committed with their own results, and one that fails fails alone and whole",
        .timeLimit(.minutes(1)), arguments: TestDatabase.available)
    func changesAtOnce(_ kind: TestDatabase) async throws {
        try await kind.withFreshDatabase { database in
            try await database.autocommit { sql in try await sql.raw("CREATE TABLE grouped (id INTEGER PRIMARY KEY, note TEXT NOT NULL)").run() }
            let first = try await insertAtOnce((0..<30).map { [$0] }, into: database)
            #expect(first.allSatisfy { id, result in (try? result.get()) == id }, "each caller gets its own change's value")

            // Number 37 comes twice, so exactly one of those two must fail, and only that one. The change that
            // inserts 100 and then 45 fails on its second statement, so its first must not stay either.
            let second = try await insertAtOnce((30..<60).map { [$0] } + [[37], [100, 45]], into: database)
            let failed = second.filter { (try? $0.1.get()) == nil }
            #expect(failed.map(\.0).sorted() == [37, 100])
            #expect(second.filter { (try? $0.1.get()) == $0.0 }.count == 30)

            let stored = try await database.read { sql in
                try await sql.raw("SELECT id FROM grouped ORDER BY id").all().map { try $0.decode(column: "id", as: Int.self) }
            }
            #expect(stored == Array(0..<60), "every other change is committed")
        }
    }

    /// Makes each change at once through ``Database/groupCommit(oneStatement:_:)``: a change inserts a row for each
    /// of its ids, one statement each. Returns each change's first id with what its call returned (the last id).
    private func insertAtOnce(_ changes: [[Int]], into database: Database) async throws -> [(Int, Result<Int, any Error>)] {
        try await withThrowingTaskGroup(of: (Int, Result<Int, any Error>).self) { group in
            for ids in changes {
                group.addTask {
                    do {
                        let returned = try await database.groupCommit(oneStatement: ids.count == 1) { sql in
                            var last = -1
                            for id in ids {
                                last =
                                    try await sql.raw("INSERT INTO grouped (id, note) VALUES (\(bind: id), 'x') RETURNING id")
                                    .first()?.decode(column: "id", as: Int.self) ?? -1
                            }
                            return last
                        }
                        return (ids[0], .success(returned))
                    } catch {
                        return (ids[0], .failure(error))
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }
}
