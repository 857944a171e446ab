import Foundation
import PostgresKit

/// Where the data lives: a SQLite file or a PostgreSQL server, parsed from a URL.
///
/// Forms: `sqlite:///absolute/path.db`, `sqlite://relative/path.db`, `postgres://user:pass@host:port/db`
/// (also `postgresql://`; query parameters `tlsmode=disable|prefer|require` and `search_path=schema`).
package enum DatabaseURL: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    /// The embedded default: `parley.db` in the working directory.
    package static let embeddedDefault = DatabaseURL.sqlite(path: "parley.db")

    /// Parses `text`; throws ``DatabaseURLError`` naming what is wrong.
    package init(_ text: String) throws(DatabaseURLError) {
        if text.hasPrefix("sqlite://") {
            let path = String(text.dropFirst("sqlite://".count))
            guard !path.isEmpty, path != "/" else { throw DatabaseURLError(text: text, reason: "names no file") }
            self = .sqlite(path: path)
        } else if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            guard (try? SQLPostgresConfiguration(url: text)) != nil else {
                throw DatabaseURLError(text: text, reason: "is not a usable PostgreSQL URL: expected postgres://user:password@host:port/database")
            }
            self = .postgres(url: text)
        } else {
            throw DatabaseURLError(text: text, reason: "must start with sqlite:// or postgres://")
        }
    }

    /// The URL with any password replaced by `***`, safe to log.
    package var description: String {
        switch self {
        case .sqlite(let path):
            return "sqlite://\(path)"
        case .postgres(let url):
            guard let at = url.lastIndex(of: "@"), let schemeEnd = url.range(of: "://") else { return url }
            let credentials = url[schemeEnd.upperBound..<at]
            guard let colon = credentials.firstIndex(of: ":") else { return url }
            return String(url[..<colon]) + ":***" + String(url[at...])
        }
    }
}

/// A database URL that cannot be used.
package struct DatabaseURLError: Error, Sendable, CustomStringConvertible {
    package var text: String
    package var reason: String

    package var description: String {
        "database URL \(DatabaseURL.postgres(url: text).description) \(reason)"
    }
}
