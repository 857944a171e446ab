import Foundation
import ParleyWebhooks
import Testing

@Suite("Webhook signatures")
struct WebhookSecretTests {
    @Test("a secret is whsec_ and the base64 of 32 random bytes")
    func format() throws {
        let secret = WebhookSecret.generate()
        #expect(secret.text.hasPrefix("whsec_"))
        #expect(Data(base64Encoded: String(secret.text.dropFirst(6)))?.count == 32)
        #expect(WebhookSecret.generate() != secret)
    }

    @Test("both signatures match values computed independently (the Standard Webhooks example; Python's hmac)")
    func knownAnswers() throws {
        // The Standard Webhooks specification's example secret and message.
        let secret = try #require(WebhookSecret(text: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
        let body = Data(#"{"test": 2432232314}"#.utf8)
        #expect(
            secret.standardSignature(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: body)
                == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        #expect(secret.popSignature(of: body) == "80ec8a89ce3cd22133a1066caecb4d04fea7467657c8514d717ec42c38a5c94c")
    }
}
