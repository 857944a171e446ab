import Foundation
import ParleyCore
import SQLKit

/// The position after the last item of a page: its sort key (creation time in newest-first lists, a message's
/// position in a conversation) and id. Keyset paging on these two stays correct while rows are inserted, which
/// offsets would not.
struct PageCursor: Codable, Sendable, Equatable {
    var key: Int64
    var id: String

    /// The opaque text handed to clients: base64url of a small JSON object.
    var token: String {
        let json = (try? JSONEncoder().encode(self)) ?? Data()
        return json.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Reads a token this server issued; throws a ``ValidationError`` on `nextToken` for anything else.
    init(token: String) throws(ValidationError) {
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard
            token.count <= 200,
            let data = Data(base64Encoded: base64),
            let cursor = try? JSONDecoder().decode(PageCursor.self, from: data),
            UUID(uuidString: cursor.id) != nil
        else {
            throw ValidationError(field: "nextToken", rule: "is not a page token issued by this server")
        }
        self = cursor
    }

    init(key: Int64, id: String) {
        self.key = key
        self.id = id
    }

    /// Reads a `nextToken` query value, if there is one.
    static func parse(_ token: String?) throws(ValidationError) -> PageCursor? {
        guard let token else { return nil }
        return try PageCursor(token: token)
    }

    /// The `nextToken` for a page of `limit` items read from `rows` (fetched with one row to spare): the cursor
    /// after the last item, or `nil` on the last page.
    static func nextToken<Item>(rows: Int, limit: Int, last: Item?, cursor: (Item) -> PageCursor) -> String? {
        guard rows > limit, let last else { return nil }
        return cursor(last).token
    }
}

extension SQLSelectBuilder {
    /// Newest first by `table`'s `created_at` then `id`, starting after `cursor`, with one row more than `limit` so
    /// that the caller can tell whether another page follows.
    func newestFirst(in table: String, after cursor: PageCursor?, limit: Int) -> SQLSelectBuilder {
        let createdAt = SQLColumn("created_at", table: table)
        let id = SQLColumn("id", table: table)
        var query = self
        if let cursor {
            query = query.where { group in
                group.where(SQLBinaryExpression(createdAt, .lessThan, SQLBind(cursor.key))).orWhere { tie in
                    tie.where(SQLBinaryExpression(createdAt, .equal, SQLBind(cursor.key)))
                        .where(SQLBinaryExpression(id, .lessThan, SQLBind(cursor.id)))
                }
            }
        }
        return
            query
            .orderBy(SQLOrderBy(expression: createdAt, direction: SQLDirection.descending))
            .orderBy(SQLOrderBy(expression: id, direction: SQLDirection.descending))
            .limit(limit + 1)
    }
}
