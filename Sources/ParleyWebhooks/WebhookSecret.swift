import Crypto
package import Foundation
import ParleyCore

/// A webhook's signing secret, `whsec_` and the base64 of 32 random bytes, and the two signatures made with it:
/// Popp's `x-signature` and the Standard Webhooks `webhook-signature`.
package struct WebhookSecret: Sendable, Equatable {
    /// The whole secret text, `whsec_…`, as shown to the user once.
    package let text: String

    private static let prefix = "whsec_"

    package init?(text: String) {
        guard text.hasPrefix(Self.prefix), let key = Data(base64Encoded: String(text.dropFirst(Self.prefix.count))), key.count >= 24 else {
            return nil
        }
        self.text = text
    }

    /// A new random secret.
    package static func generate() -> WebhookSecret {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return WebhookSecret(text: prefix + Data(bytes).base64EncodedString())!
    }

    /// Popp's `x-signature`: lowercase hex HMAC-SHA256 of the exact body, keyed with the secret text's UTF-8 bytes.
    package func popSignature(of body: Data) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(text.utf8)))
        return mac.hexString
    }

    /// One Standard Webhooks signature, `v1,<base64>`: HMAC-SHA256 of `id.timestamp.body`, keyed with the
    /// base64-decoded secret.
    package func standardSignature(id: String, timestamp: Int, body: Data) -> String {
        let key = Data(base64Encoded: String(text.dropFirst(Self.prefix.count))) ?? Data()
        var message = Data("\(id).\(timestamp).".utf8)
        message.append(body)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key))
        return "v1," + Data(mac).base64EncodedString()
    }
}
