import Foundation
package import Logging
package import ParleyStore
import SQLKit

/// A database engine the suites run on: SQLite always, PostgreSQL when `PARLEY_TEST_POSTGRES_URL` names a server.
package enum TestDatabase: String, Sendable, CaseIterable {
    case sqlite
    case postgres

    /// The engines available here, for `@Test(arguments:)`.
    package static var available: [TestDatabase] {
        postgresURL == nil ? [.sqlite] : [.sqlite, .postgres]
    }

    /// The PostgreSQL server tests use, if any.
    package static var postgresURL: String? {
        ProcessInfo.processInfo.environment["PARLEY_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A fresh, empty database of this kind for one test: a new SQLite file, or a new PostgreSQL schema.
    /// Everything is removed when `body` returns.
    package func withFreshLocation<T: Sendable>(_ body: (TestDatabaseLocation) async throws -> T) async throws -> T {
        switch self {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("parley-tests-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            return try await body(TestDatabaseLocation(url: .sqlite(path: directory.appendingPathComponent("parley.db").path), searchPath: nil))
        case .postgres:
            guard let text = Self.postgresURL else { throw TestDatabaseError.postgresNotConfigured }
            let url = try DatabaseURL(text)
            let schema = "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            try await Self.execute("CREATE SCHEMA \(schema)", on: url)
            do {
                let result = try await body(TestDatabaseLocation(url: url, searchPath: schema))
                try await Self.execute("DROP SCHEMA \(schema) CASCADE", on: url)
                return result
            } catch {
                try? await Self.execute("DROP SCHEMA \(schema) CASCADE", on: url)
                throw error
            }
        }
    }

    /// Opens a fresh, migrated database of this kind for `body`.
    package func withFreshDatabase<T: Sendable>(_ body: (Database) async throws -> T) async throws -> T {
        try await withFreshLocation { location in
            try await location.withDatabase { database in
                try await Migrations.run(on: database, logger: .quiet)
                return try await body(database)
            }
        }
    }

    private static func execute(_ statement: String, on url: DatabaseURL) async throws {
        try await ParleyStore.withDatabase(url, logger: .quiet) { database in
            try await database.read { sql in try await sql.raw(.init(statement)).run() }
        }
    }
}

/// Where a test's database lives.
package struct TestDatabaseLocation: Sendable {
    package var url: DatabaseURL
    /// The PostgreSQL schema of the test; `nil` for SQLite.
    package var searchPath: String?

    /// The `--database` URL a `parley` process needs to reach this database; on PostgreSQL it names the schema.
    package var commandLineURL: String {
        switch url {
        case .sqlite(let path): "sqlite://" + path
        case .postgres(let url): url + (url.contains("?") ? "&" : "?") + "search_path=" + (searchPath ?? "public")
        }
    }

    /// Opens this database (its pool running) for `body`.
    package func withDatabase<T: Sendable>(_ body: (Database) async throws -> T) async throws -> T {
        try await ParleyStore.withDatabase(url, searchPath: searchPath, logger: .quiet, body)
    }
}

/// Why a test database could not be made.
package enum TestDatabaseError: Error {
    case postgresNotConfigured
}

extension Logger {
    /// A logger that drops everything below warnings, for tests.
    package static var quiet: Logger {
        var logger = Logger(label: "parley.tests")
        logger.logLevel = .warning
        return logger
    }
}
