import Crypto
package import Foundation
import ParleyCore
import SQLKit
import Synchronization

/// Encrypts secrets at rest (webhook signing secrets) with AES-256-GCM under the server's key: the one
/// `PARLEY_SECRET_KEY` gives, or, when none is given, one generated once and kept in the database's
/// `server_settings`, so the embedded default works with no setup.
package struct SecretBox: Sendable {
    private let key: SymmetricKey

    /// A box with a 32-byte key.
    package init(key: Data) throws(SecretBoxError) {
        guard key.count == 32 else { throw SecretBoxError.badKey }
        self.key = SymmetricKey(data: key)
    }

    /// The box for `database`: the configured key (base64 of 32 bytes), else the stored one, made on first use.
    package static func open(configuredKey: String?, database: Database) async throws -> SecretBox {
        if let configuredKey {
            guard let data = Data(base64Encoded: configuredKey) else { throw SecretBoxError.badKey }
            return try SecretBox(key: data)
        }
        let stored = try await database.transaction { sql -> String in
            if let value = try await sql.select().column("value").from("server_settings").where("name", .equal, SQLBind("secret_key")).first()?
                .decode(column: "value", as: String.self)
            {
                return value
            }
            let generated = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64EncodedString()
            try await sql.insert(into: "server_settings").columns("name", "value").values(SQLBind("secret_key"), SQLBind(generated))
                .ignoringConflicts(with: ["name"]).run()
            return try await sql.select().column("value").from("server_settings").where("name", .equal, SQLBind("secret_key")).first()?
                .decode(column: "value", as: String.self) ?? generated
        }
        guard let data = Data(base64Encoded: stored) else { throw SecretBoxError.badKey }
        return try SecretBox(key: data)
    }

    /// `plaintext` sealed: base64 of nonce, ciphertext and tag.
    package func seal(_ plaintext: String) throws -> String {
        guard let combined = try AES.GCM.seal(Data(plaintext.utf8), using: key).combined else { throw SecretBoxError.badKey }
        return combined.base64EncodedString()
    }

    /// A token only this server can make for `purpose` and `subject` (HMAC-SHA256 under a key derived from the
    /// server's), as 32 hex digits: capability URLs such as unsubscribe links and inbound-email addresses.
    package func token(for purpose: String, _ subject: String) -> String {
        let derived = HKDF<SHA256>.deriveKey(inputKeyMaterial: key, info: Data("parley-\(purpose)".utf8), outputByteCount: 32)
        let mac = HMAC<SHA256>.authenticationCode(for: Data(subject.utf8), using: derived)
        return mac.prefix(16).hexString
    }

    /// Whether `token` is the one ``token(for:_:)`` makes, compared in constant time.
    package func verify(_ token: String, for purpose: String, _ subject: String) -> Bool {
        ConstantTime.equal(Array(token.utf8), Array(self.token(for: purpose, subject).utf8))
    }

    /// The plaintext of a sealed text; throws when it was sealed under another key or altered.
    package func open(_ sealed: String) throws -> String {
        guard let data = Data(base64Encoded: sealed) else { throw SecretBoxError.notSealed }
        let opened = try AES.GCM.open(try AES.GCM.SealedBox(combined: data), using: key)
        return String(decoding: opened, as: UTF8.self)
    }
}

extension SecretBox {
    /// A channel connection's credentials, sealed as one JSON object.
    package func seal(credentials: [String: String]) throws -> String {
        try seal(String(decoding: try JSONEncoder().encode(credentials), as: UTF8.self))
    }

    /// A channel connection's credentials, opened.
    package func openCredentials(_ sealed: String) throws -> [String: String] {
        try JSONDecoder().decode([String: String].self, from: Data(try open(sealed).utf8))
    }
}

/// Why a secret cannot be sealed or opened.
package enum SecretBoxError: Error, CustomStringConvertible {
    case badKey
    case notSealed

    package var description: String {
        switch self {
        case .badKey: "the secret key must be the base64 of 32 bytes (openssl rand -base64 32)"
        case .notSealed: "the stored value is not a sealed secret"
        }
    }
}

/// The server's ``SecretBox``, opened on first use (after migrations have made its table) and kept.
package final class SecretKeyring: Sendable {
    private let configuredKey: String?
    private let database: Database
    private let opened = Mutex<SecretBox?>(nil)

    package init(configuredKey: String?, database: Database) {
        self.configuredKey = configuredKey
        self.database = database
    }

    /// The box.
    package func box() async throws -> SecretBox {
        if let box = opened.withLock({ $0 }) { return box }
        let box = try await SecretBox.open(configuredKey: configuredKey, database: database)
        opened.withLock { $0 = box }
        return box
    }
}
