import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit

/// SQLKit's view of the one ``SQLiteHandle``: serialises each query with SQLiteKit's dialect and encoder, runs
/// it on the handle, and decodes its rows with SQLiteKit's decoder, as SQLiteKit's own connection does.
struct SQLiteSession: SQLDatabase {
    let handle: SQLiteHandle
    let logger: Logger
    let queryLogLevel: Logger.Level?

    var eventLoop: any EventLoop { MultiThreadedEventLoopGroup.singleton.any() }
    var dialect: any SQLDialect { SQLiteDialect() }

    private static let encoder = SQLiteDataEncoder()
    private static let decoder = SQLiteDataDecoder()

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        eventLoop.makeFutureWithTask { try await self.execute(sql: query, onRow) }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        let (sql, binds) = serialize(query)
        // The statement only: bound values are candidates' data and stay out of logs.
        if let queryLogLevel { logger.log(level: queryLogLevel, "Executing query", metadata: ["sql": .string(sql)]) }
        let values = try binds.map { try Self.encoder.encode($0) }
        for row in try await handle.run(sql, values) {
            onRow(DecodedRow(row: row, decoder: Self.decoder))
        }
    }
}

/// The names of a statement's result columns, and where each first appears.
final class SQLiteColumns: Sendable {
    let names: [String]
    private let offsets: [String: Int]

    init(names: [String]) {
        self.names = names
        // A name given twice (`campaigns.*` beside a joined `id`) means its first column, as in SQLiteKit.
        offsets = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func offset(of name: String) -> Int? { offsets[name] }
}

/// One result row of a statement.
struct SQLiteResultRow: Sendable {
    let columns: SQLiteColumns
    let values: [SQLiteData]

    func value(_ column: String) -> SQLiteData? { columns.offset(of: column).map { values[$0] } }
}

/// A result row as SQLKit reads it.
private struct DecodedRow: SQLRow {
    let row: SQLiteResultRow
    let decoder: SQLiteDataDecoder

    var allColumns: [String] { row.columns.names }

    func contains(column: String) -> Bool { row.columns.offset(of: column) != nil }

    func decodeNil(column: String) throws -> Bool { (row.value(column) ?? .null) == .null }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let value = row.value(column) else {
            throw DecodingError.keyNotFound(SQLiteColumnKey(column), .init(codingPath: [], debugDescription: "No column \(column)"))
        }
        if let plain = Self.plainValue(value, as: D.self) { return plain }
        return try decoder.decode(D.self, from: value)
    }

    /// The value as `D` when it is one of the plain cases most columns hold, which SQLiteKit's decoder reaches only
    /// after looking up at run time how `D` converts (once a column, a cost that showed in profiles); each result is
    /// the one that decoder gives. `nil` for everything else, which the decoder handles.
    private static func plainValue<D>(_ value: SQLiteData, as _: D.Type) -> D? {
        switch value {
        case .text(let text) where D.self == String.self: text as? D
        case .integer(let number) where D.self == Int.self: number as? D
        case .integer(let number) where D.self == Bool.self && (number == 0 || number == 1): (number == 1) as? D
        case .float(let number) where D.self == Double.self: number as? D
        default: nil
        }
    }
}

/// A column name as a coding key, for the error of a missing column.
private struct SQLiteColumnKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }

    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
