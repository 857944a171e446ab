import Crypto
package import Foundation
package import ParleyCore
import SQLKit

/// Dashboard users, their sign-ins and sessions. Passwords are kept as ``PasswordHash``es and session tokens as
/// SHA-256 hashes; neither is ever stored or logged in clear.
package struct UserRepository: Sendable {
    private let database: Database

    package init(database: Database) {
        self.database = database
    }

    /// How many failed sign-ins for one email within ``failureWindow`` make the next attempts wait.
    package static let failureLimit = 5
    /// The window failed sign-ins are counted over, in seconds.
    package static let failureWindow: TimeInterval = 15 * 60
    /// How long a session lasts after sign-in, in seconds.
    package static let sessionLifetime: TimeInterval = 7 * 86_400

    /// Why a user cannot be created.
    package enum CreateError: Error, Sendable, Equatable {
        case emailTaken
        case organizationNotFound
    }

    /// Why a sign-in failed.
    package enum SignInError: Error, Sendable, Equatable {
        /// The email or the password is wrong; which one is not said.
        case wrongCredentials
        /// Too many failures for this email lately; try again after this many seconds.
        case throttled(retryAfter: Int)
    }

    /// A signed-in session: who, in which organization, and the token its forms must carry.
    package struct Session: Sendable, Equatable {
        package var user: User
        package var csrfToken: String
        package var expiresAt: Date
    }

    /// Creates a user of the organization; the email and password are checked first.
    package func create(email: String, password: String, organizationID: Organization.ID, ids: IDGenerator, at now: Date) async throws -> User {
        var validator = Validator()
        validator.emailAddress(email, "email")
        validator.check(
            User.passwordLength.contains(password.count), "password",
            "must be \(User.passwordLength.lowerBound) to \(User.passwordLength.upperBound) characters")
        try validator.finish()
        let hash = try await PasswordHash.makeOffPool(password)
        let user = User(id: ids.next(), organizationID: organizationID, email: email.lowercased(), createdAt: now)
        return try await database.transaction { sql in
            guard try await OrganizationRepository.find(organizationID, on: sql) != nil else { throw CreateError.organizationNotFound }
            if try await sql.select().column("id").from("users").where("email", .equal, SQLBind(user.email)).first() != nil {
                throw CreateError.emailTaken
            }
            try await sql.insert(into: "users")
                .columns("id", "organization_id", "email", "password_hash", "created_at", "updated_at")
                .values(
                    SQLBind(user.id.uuidString), SQLBind(organizationID.uuidString), SQLBind(user.email), SQLBind(hash),
                    SQLBind(now.millisecondsSince1970), SQLBind(now.millisecondsSince1970)
                )
                .run()
            return user
        }
    }

    /// The organization's users, by email.
    package func list(organizationID: Organization.ID) async throws -> [User] {
        try await database.read { sql in
            try await sql.select().columns("*").from("users").where("organization_id", .equal, SQLBind(organizationID.uuidString))
                .orderBy("email").all().map(Self.user(from:))
        }
    }

    /// Signs in with an email and password, returning the new session's token (shown once, for the cookie) and
    /// the session. After ``failureLimit`` failures for an email within ``failureWindow``, further attempts are
    /// refused until the oldest of them leaves the window, whatever the password.
    package func signIn(email: String, password: String, at now: Date) async throws -> (token: String, session: Session) {
        let key = email.lowercased()
        let since = now.addingTimeInterval(-Self.failureWindow).millisecondsSince1970
        // The attempt is counted and recorded as a failure before the password is checked, one attempt per email at
        // a time (SQLite's write lock; an advisory lock on PostgreSQL), so parallel guesses cannot all slip under the
        // limit. A right password then clears the record.
        let row = try await database.transaction { sql in
            if sql.dialect.name == "postgresql" {
                try await sql.raw("SELECT pg_advisory_xact_lock(hashtext(\(bind: "sign-in:" + key)))").run()
            }
            try await sql.delete(from: "sign_in_failures").where("failed_at", .lessThanOrEqual, SQLBind(since)).run()
            let failures = try await sql.select().column("failed_at").from("sign_in_failures")
                .where("email", .equal, SQLBind(key)).orderBy("failed_at").all().map { try $0.decode(column: "failed_at", as: Int64.self) }
            if failures.count >= Self.failureLimit {
                let wait = Double(failures[failures.count - Self.failureLimit]) / 1_000 + Self.failureWindow - now.timeIntervalSince1970
                throw SignInError.throttled(retryAfter: max(1, Int(wait.rounded(.up))))
            }
            try await sql.insert(into: "sign_in_failures").columns("email", "failed_at")
                .values(SQLBind(key), SQLBind(now.millisecondsSince1970)).run()
            return try await sql.select().columns("*").from("users").where("email", .equal, SQLBind(key)).first()
        }
        // An unknown email is checked against a decoy, so it takes as long as a wrong password.
        let stored = try row?.decode(column: "password_hash", as: String.self) ?? PasswordHash.decoy
        guard let row, try await PasswordHash.verifyOffPool(password, against: stored) else { throw SignInError.wrongCredentials }
        let user = try Self.user(from: row)
        let token = Self.randomToken()
        let session = Session(user: user, csrfToken: Self.randomToken(), expiresAt: now.addingTimeInterval(Self.sessionLifetime))
        try await database.transaction { sql in
            try await sql.delete(from: "sign_in_failures").where("email", .equal, SQLBind(key)).run()
            try await sql.delete(from: "sessions").where("expires_at", .lessThanOrEqual, SQLBind(now.millisecondsSince1970)).run()
            try await sql.insert(into: "sessions")
                .columns("token_hash", "user_id", "organization_id", "csrf_token", "created_at", "expires_at")
                .values(
                    SQLBind(Self.hash(token)), SQLBind(user.id.uuidString), SQLBind(user.organizationID.uuidString), SQLBind(session.csrfToken),
                    SQLBind(now.millisecondsSince1970), SQLBind(session.expiresAt.millisecondsSince1970)
                )
                .run()
        }
        return (token, session)
    }

    /// The session a cookie's token opens, while it has not expired.
    package func session(token: String, at now: Date) async throws -> Session? {
        try await database.read { sql in
            guard
                let row = try await sql.select().columns("user_id", "csrf_token", "expires_at").from("sessions")
                    .where("token_hash", .equal, SQLBind(Self.hash(token)))
                    .where("expires_at", .greaterThan, SQLBind(now.millisecondsSince1970)).first(),
                let userRow = try await sql.select().columns("*").from("users")
                    .where("id", .equal, SQLBind(try row.decode(column: "user_id", as: String.self))).first()
            else { return nil }
            return Session(
                user: try Self.user(from: userRow), csrfToken: try row.decode(column: "csrf_token", as: String.self),
                expiresAt: Date(millisecondsSince1970: try row.decode(column: "expires_at", as: Int64.self)))
        }
    }

    /// Ends the session with this token (signing out); nothing when there is none.
    package func endSession(token: String) async throws {
        try await database.transaction { sql in
            try await sql.delete(from: "sessions").where("token_hash", .equal, SQLBind(Self.hash(token))).run()
        }
    }

    /// 32 random bytes, base64url without padding.
    package static func randomToken() -> String {
        var random = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &random) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    private static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).hexString
    }

    private static func user(from row: any SQLRow) throws -> User {
        guard let id = User.ID(uuidString: try row.decode(column: "id", as: String.self)),
            let organizationID = Organization.ID(uuidString: try row.decode(column: "organization_id", as: String.self))
        else { throw StoreError.corruptRow("users") }
        return User(
            id: id, organizationID: organizationID, email: try row.decode(column: "email", as: String.self),
            createdAt: Date(millisecondsSince1970: try row.decode(column: "created_at", as: Int64.self)))
    }
}
