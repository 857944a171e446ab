import Crypto
import Foundation
import ParleyCore

/// A freshly made API key: the secret text shown once, and what is stored of it.
///
/// Format: `prly_<8 hex: the prefix id>_<43 characters: base64url of 32 random bytes>`. The first two parts form
/// the readable prefix (`prly_1a2b3c4d`) used to find and revoke the key; only a SHA-256 hash of the whole text
/// is kept.
package struct APIKeyMaterial: Sendable {
    /// The whole key. Show it once; never log or store it.
    package var secret: String
    /// The readable prefix, unique among keys.
    package var prefix: String

    /// The tag every Parley key starts with.
    package static let tag = "prly"

    /// Makes a new key from `generator`'s randomness.
    package static func generate(using generator: inout some RandomNumberGenerator) -> APIKeyMaterial {
        let prefixBytes = (0..<4).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let secretBytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let prefix = "\(tag)_" + prefixBytes.hexString
        let body = Data(secretBytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return APIKeyMaterial(secret: "\(prefix)_\(body)", prefix: prefix)
    }

    /// The key's last four characters, for the masked form.
    package var lastFour: String { String(secret.suffix(4)) }

    /// The stored hash of the key.
    package var hash: String { Self.hash(secret) }

    /// The hex SHA-256 of a presented key.
    package static func hash(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).hexString
    }

    /// The readable prefix of a presented key, or `nil` when it does not have the Parley shape.
    package static func prefix(of presented: String) -> String? {
        let parts = presented.split(separator: "_", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == tag, parts[1].count == 8, parts[2].count >= 43 else { return nil }
        return "\(parts[0])_\(parts[1])"
    }

    /// Compares two hashes in time that does not depend on where they differ.
    package static func hashesMatch(_ left: String, _ right: String) -> Bool {
        let a = Array(left.utf8)
        let b = Array(right.utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
