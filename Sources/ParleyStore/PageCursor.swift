import Foundation
import ParleyCore

/// The position after the last item of a page in a newest-first list: its creation time and id. Keyset paging
/// on these two stays correct while rows are inserted, which offsets would not.
struct PageCursor: Codable, Sendable, Equatable {
    var createdAt: Int64
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

    init(createdAt: Int64, id: String) {
        self.createdAt = createdAt
        self.id = id
    }
}
