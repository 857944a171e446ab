import Crypto
import CryptoExtras
import Foundation
import ParleyCore

/// Slow, salted password hashes: scrypt (N = 2^15, r = 8, p = 1: 32 MiB and tens of milliseconds per guess) over a
/// random 16-byte salt, stored as `scrypt$15$8$1$<salt>$<hash>` (base64), so the cost can rise later without
/// breaking stored hashes. Passwords are never stored or logged.
package enum PasswordHash {
    private static let logRounds = 15
    private static let blockSize = 8
    private static let parallelism = 1
    private static let keyBytes = 32

    /// A new hash of `password`.
    package static func make(_ password: String) throws -> String {
        var salt = [UInt8](repeating: 0, count: 16)
        var random = SystemRandomNumberGenerator()
        for index in salt.indices { salt[index] = random.next() }
        let key = try derive(password, salt: salt, logRounds: logRounds, blockSize: blockSize, parallelism: parallelism)
        return ["scrypt", "\(logRounds)", "\(blockSize)", "\(parallelism)", Data(salt).base64EncodedString(), Data(key).base64EncodedString()]
            .joined(separator: "$")
    }

    /// Whether `password` is the one `stored` was made from; `false` for a malformed hash.
    package static func verify(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "scrypt", let logRounds = Int(parts[1]), (10...20).contains(logRounds),
            let blockSize = Int(parts[2]), (1...16).contains(blockSize), let parallelism = Int(parts[3]), (1...4).contains(parallelism),
            let salt = Data(base64Encoded: String(parts[4])), let expected = Data(base64Encoded: String(parts[5])),
            let key = try? derive(password, salt: Array(salt), logRounds: logRounds, blockSize: blockSize, parallelism: parallelism)
        else { return false }
        return ConstantTime.equal(key, Array(expected))
    }

    /// A hash to check against when there is no user, so an unknown email takes as long as a wrong password.
    package static let decoy: String = (try? make("decoy password that matches nothing")) ?? ""

    private static func derive(_ password: String, salt: [UInt8], logRounds: Int, blockSize: Int, parallelism: Int) throws -> [UInt8] {
        let key = try KDF.Scrypt.deriveKey(
            from: Array(password.utf8), salt: salt, outputByteCount: keyBytes, rounds: 1 << logRounds, blockSize: blockSize,
            parallelism: parallelism)
        return key.withUnsafeBytes { Array($0) }
    }
}
