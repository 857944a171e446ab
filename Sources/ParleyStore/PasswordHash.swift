import Crypto
import CryptoExtras
import Foundation
import NIOPosix
import ParleyCore
import Synchronization

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

    /// Why a hash was not computed.
    package struct Busy: Error, Sendable {}

    /// How many hashes may be waiting or being computed at once (two threads compute them);
    /// more fail at once with ``Busy``, so a flood of sign-ins queues no unbounded work.
    package static let concurrencyLimit = 64
    private static let inFlight = Mutex(0)

    /// ``verify(_:against:)`` on threads of its own, never on the tasks' cooperative threads (which serve every
    /// request), with at most ``concurrencyLimit`` admitted; throws ``Busy`` beyond that.
    package static func verifyOffPool(_ password: String, against stored: String) async throws -> Bool {
        try await offPool { verify(password, against: stored) }
    }

    /// ``make(_:)`` on the hashing threads, admitted as ``verifyOffPool(_:against:)`` is.
    package static func makeOffPool(_ password: String) async throws -> String {
        try await offPool { try make(password) }
    }

    private static func offPool<Result: Sendable>(_ work: @escaping @Sendable () throws -> Result) async throws -> Result {
        guard
            inFlight.withLock({ count in
                count < concurrencyLimit
                    ? {
                        count += 1; return true
                    }() : false
            })
        else { throw Busy() }
        defer { inFlight.withLock { $0 -= 1 } }
        return try await hashingThreads.runIfActive(work)
    }

    /// Threads of their own for hashing: not the tasks' cooperative threads, and not NIO's shared blocking pool,
    /// where SQLite runs its statements and would wait behind a queue of hashes. They live as long as the process.
    private static let hashingThreads: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 2)
        pool.start()
        return pool
    }()

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
