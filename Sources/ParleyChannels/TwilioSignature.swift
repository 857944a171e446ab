import Crypto
import Foundation
import ParleyCore

/// Twilio's `X-Twilio-Signature`: base64 of HMAC-SHA1, under the account's auth token, of the full URL Twilio
/// requested followed by every POST parameter's name and value, sorted by name.
package enum TwilioSignature {
    /// The signature Twilio sends for a POST of `parameters` to `url`.
    package static func compute(url: String, parameters: [(name: String, value: String)], authToken: String) -> String {
        let sorted = parameters.sorted { ($0.name, $0.value) < ($1.name, $1.value) }
        let signed = url + sorted.map { $0.name + $0.value }.joined()
        let mac = HMAC<Insecure.SHA1>.authenticationCode(for: Data(signed.utf8), using: SymmetricKey(data: Data(authToken.utf8)))
        return Data(mac).base64EncodedString()
    }

    /// Whether `signature` is Twilio's for this request.
    package static func isValid(_ signature: String?, url: String, parameters: [(name: String, value: String)], authToken: String) -> Bool {
        guard let signature else { return false }
        return ConstantTime.equal(Array(signature.utf8), Array(compute(url: url, parameters: parameters, authToken: authToken).utf8))
    }
}
