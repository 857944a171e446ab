import Crypto
package import Foundation
package import ParleyCore
import SQLKit

/// The responses remembered for `Idempotency-Key` request headers, one row per organization and key.
///
/// A request claims its key before it is handled (a row without a response), and the response is written when
/// it has been answered. A retry with the same key and request reads that response back; a request that is still
/// being handled holds its claim for ``claimLease`` at most, so a server that crashed mid-request frees the key.
package struct IdempotencyRepository: Sendable {
    /// How long a key and its response are remembered.
    package static let retention: TimeInterval = 24 * 3600
    /// How long a claim without a response holds the key before a retry may take it over.
    package static let claimLease: TimeInterval = 5 * 60

    private let database: Database

    package init(database: Database) {
        self.database = database
    }

    /// A response remembered for a key.
    package struct StoredResponse: Sendable, Equatable {
        package var status: Int
        package var contentType: String?
        package var body: String

        package init(status: Int, contentType: String?, body: String) {
            self.status = status
            self.contentType = contentType
            self.body = body
        }
    }

    /// What claiming a key found.
    package enum Claim: Sendable, Equatable {
        /// The key is this request's: handle it, then ``complete(organizationID:key:response:)`` or
        /// ``release(organizationID:key:)``.
        case claimed
        /// The key was answered for the same request: send this again.
        case replay(StoredResponse)
        /// The key was used for a different request.
        case mismatch
        /// A request with the key is still being handled.
        case inProgress
    }

    /// The SHA-256, in hex, of what makes two requests the same: the operation, the path with its query, and the body.
    package static func fingerprint(operation: String, path: String, body: [UInt8]) -> String {
        var hasher = SHA256()
        hasher.update(data: Data("\(operation)\n\(path)\n".utf8))
        hasher.update(data: body)
        return hasher.finalize().hexString
    }

    /// Claims `key` for a request whose fingerprint is `requestHash`, unless a live row already holds it.
    /// Rows past their retention, and claims past their lease, are taken over.
    package func claim(organizationID: Organization.ID, key: String, requestHash: String, at now: Date) async throws -> Claim {
        let nowMilliseconds = now.millisecondsSince1970
        let staleClaim = now.addingTimeInterval(-Self.claimLease).millisecondsSince1970
        return try await database.transaction { sql in
            try await sql.delete(from: "idempotency_keys")
                .where("organization_id", .equal, SQLBind(organizationID.uuidString))
                .where("idempotency_key", .equal, SQLBind(key))
                .where { group in
                    group.where("expires_at", .lessThanOrEqual, SQLBind(nowMilliseconds))
                        .orWhere { stale in
                            stale.where("response_status", .is, SQLLiteral.null).where("created_at", .lessThan, SQLBind(staleClaim))
                        }
                }
                .run()
            let inserted = try await sql.raw(
                """
                INSERT INTO idempotency_keys (organization_id, idempotency_key, request_hash, created_at, expires_at)
                VALUES (\(bind: organizationID.uuidString), \(bind: key), \(bind: requestHash), \(bind: nowMilliseconds),
                    \(bind: now.addingTimeInterval(Self.retention).millisecondsSince1970))
                ON CONFLICT (organization_id, idempotency_key) DO NOTHING
                RETURNING idempotency_key
                """
            ).first()
            if inserted != nil { return .claimed }
            guard
                let row = try await sql.select().columns("request_hash", "response_status", "response_content_type", "response_body")
                    .from("idempotency_keys")
                    .where("organization_id", .equal, SQLBind(organizationID.uuidString))
                    .where("idempotency_key", .equal, SQLBind(key))
                    .first()
            else { return .inProgress }
            guard try row.decode(column: "request_hash", as: String.self) == requestHash else { return .mismatch }
            guard let status = try row.decode(column: "response_status", as: Int?.self) else { return .inProgress }
            return .replay(
                StoredResponse(
                    status: status, contentType: try row.decode(column: "response_content_type", as: String?.self),
                    body: try row.decode(column: "response_body", as: String?.self) ?? ""))
        }
    }

    /// Remembers the response to a claimed key.
    package func complete(organizationID: Organization.ID, key: String, response: StoredResponse) async throws {
        try await database.transaction { sql in
            try await sql.update("idempotency_keys")
                .set("response_status", to: SQLBind(response.status))
                .set("response_content_type", to: SQLBind(response.contentType))
                .set("response_body", to: SQLBind(response.body))
                .where("organization_id", .equal, SQLBind(organizationID.uuidString))
                .where("idempotency_key", .equal, SQLBind(key))
                .run()
        }
    }

    /// Frees a claimed key whose request failed on the server's side, so a retry runs it again.
    package func release(organizationID: Organization.ID, key: String) async throws {
        try await database.transaction { sql in
            try await sql.delete(from: "idempotency_keys")
                .where("organization_id", .equal, SQLBind(organizationID.uuidString))
                .where("idempotency_key", .equal, SQLBind(key))
                .where("response_status", .is, SQLLiteral.null)
                .run()
        }
    }

    /// Forgets every key past its retention, across organizations; returns how many.
    @discardableResult
    package func purgeExpired(at now: Date) async throws -> Int {
        try await database.transaction { sql in
            try await sql.raw(
                "DELETE FROM idempotency_keys WHERE expires_at <= \(bind: now.millisecondsSince1970) RETURNING idempotency_key"
            ).all().count
        }
    }
}
