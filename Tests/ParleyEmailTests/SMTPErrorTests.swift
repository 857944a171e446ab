import ParleyEmail
import Testing

@Suite struct SMTPErrorTests {
    @Test(arguments: [
        (SMTPError.connectionFailed(reason: "refused"), SMTPFailureOutcome.retryable),
        (.tlsHandshakeFailed(reason: "bad certificate"), .retryable),
        (.rejected(stage: .greeting, code: 421, enhancedCode: nil), .retryable),
        (.rejected(stage: .mailFrom, code: 451, enhancedCode: "4.7.1"), .retryable),
        (.rejected(stage: .auth, code: 454, enhancedCode: nil), .retryable),
        (.rejected(stage: .endOfData, code: 452, enhancedCode: "4.3.1"), .retryable),
        (.connectionLost(stage: .data, timedOut: false), .retryable),
        (.connectionLost(stage: .rcptTo, timedOut: true), .retryable),
        (.protocolViolation(stage: .ehlo, reason: "x"), .retryable),
        (.rejected(stage: .rcptTo, code: 550, enhancedCode: "5.1.1"), .permanent),
        (.rejected(stage: .auth, code: 535, enhancedCode: "5.7.8"), .permanent),
        (.rejected(stage: .endOfData, code: 554, enhancedCode: "5.7.1"), .permanent),
        (.startTLSNotOffered, .permanent),
        (.noUsableAuthMechanism(offered: ["CRAM-MD5"]), .permanent),
        (.plaintextNotAllowed, .permanent),
        (.invalidMessage(.controlCharacter(field: "Subject")), .permanent),
        (.noReplyAfterMessage(timedOut: true), .unknown),
        (.noReplyAfterMessage(timedOut: false), .unknown),
        (.protocolViolation(stage: .endOfData, reason: "x"), .unknown),
    ])
    func classifiesOutcome(error: SMTPError, outcome: SMTPFailureOutcome) {
        #expect(error.outcome == outcome)
    }

    @Test func descriptionsNameStageAndCode() {
        #expect(SMTPError.rejected(stage: .mailFrom, code: 451, enhancedCode: nil).description == "SMTP mail-from failed: the server replied 451")
        #expect(SMTPError.noReplyAfterMessage(timedOut: true).description.contains("may or may not have been accepted"))
        #expect(SMTPError.noUsableAuthMechanism(offered: ["CRAM-MD5"]).description.hasSuffix("(offered: CRAM-MD5)"))
    }
}
