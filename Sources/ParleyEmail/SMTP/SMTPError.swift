/// Why a message could not be sent. Descriptions name the stage and reply code, never addresses, bodies or
/// credentials; ``outcome`` says whether to try again.
package enum SMTPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The message could not be rendered; nothing was sent.
    case invalidMessage(EmailMessageError)
    /// The TLS configuration could not be turned into a TLS context.
    case invalidTLSConfiguration(reason: String)
    /// The relay is not on loopback and would be reached in plain text (`security: .plain`).
    case plaintextNotAllowed
    /// The TCP connection could not be opened (refused, unreachable, name not resolved, timed out).
    case connectionFailed(reason: String)
    /// TLS could not be set up: the handshake failed, or the certificate or host name did not verify.
    case tlsHandshakeFailed(reason: String)
    /// The relay is not on loopback, `STARTTLS` was required and the server did not offer it.
    case startTLSNotOffered
    /// Credentials were given but the server offers neither `AUTH PLAIN` nor `AUTH LOGIN`.
    case noUsableAuthMechanism(offered: [String])
    /// The server answered with `code` where another answer was needed.
    case rejected(stage: SMTPStage, code: Int, enhancedCode: String?)
    /// The connection closed or the time ran out before the final `.` was written.
    case connectionLost(stage: SMTPStage, timedOut: Bool)
    /// The server sent something that is not a well-formed SMTP reply, or sent plain text after agreeing to
    /// `STARTTLS`.
    case protocolViolation(stage: SMTPStage, reason: String)
    /// The final `.` was written but no reply came before the connection closed or the time ran out.
    case noReplyAfterMessage(timedOut: Bool)

    /// Whether trying again may help, will not help, or whether the message may already have been accepted.
    package var outcome: SMTPFailureOutcome {
        switch self {
        case .invalidMessage, .invalidTLSConfiguration, .plaintextNotAllowed, .startTLSNotOffered, .noUsableAuthMechanism: .permanent
        case .connectionFailed, .tlsHandshakeFailed, .connectionLost: .retryable
        case .rejected(let stage, let code, _):
            switch code {
            case 400..<500: .retryable
            case 500..<600: .permanent
            default: stage == .endOfData ? .unknown : .retryable
            }
        case .protocolViolation(let stage, _): stage == .endOfData ? .unknown : .retryable
        case .noReplyAfterMessage: .unknown
        }
    }

    /// The stage the exchange failed in.
    package var stage: SMTPStage {
        switch self {
        case .invalidMessage, .invalidTLSConfiguration, .plaintextNotAllowed, .connectionFailed: .connect
        case .tlsHandshakeFailed: .tlsHandshake
        case .startTLSNotOffered: .startTLS
        case .noUsableAuthMechanism: .auth
        case .rejected(let stage, _, _), .connectionLost(let stage, _), .protocolViolation(let stage, _): stage
        case .noReplyAfterMessage: .endOfData
        }
    }

    /// The server's reply code, when the failure is a reply.
    package var replyCode: Int? {
        if case .rejected(_, let code, _) = self { return code }
        return nil
    }

    /// The stage and reply code, safe to log: no addresses, content or credentials.
    package var description: String {
        switch self {
        case .invalidMessage(let error): "SMTP message is invalid: \(error)"
        case .invalidTLSConfiguration(let reason): "SMTP TLS configuration is invalid: \(reason)"
        case .plaintextNotAllowed: "SMTP relay must use TLS (smtp:// with STARTTLS or smtps://): plain text is allowed only on loopback"
        case .connectionFailed(let reason): "SMTP connect failed: \(reason)"
        case .tlsHandshakeFailed(let reason): "SMTP TLS handshake failed: \(reason)"
        case .startTLSNotOffered: "SMTP starttls: the server does not offer STARTTLS, and TLS is required for a relay that is not on loopback"
        case .noUsableAuthMechanism(let offered):
            "SMTP auth: credentials are configured but the server offers neither AUTH PLAIN nor AUTH LOGIN (offered: "
                + (offered.isEmpty ? "none" : offered.joined(separator: " ")) + ")"
        case .rejected(let stage, let code, let enhancedCode):
            "SMTP \(stage) failed: the server replied \(code)\(enhancedCode.map { " (\($0))" } ?? "")"
        case .connectionLost(let stage, let timedOut):
            timedOut ? "SMTP \(stage): timed out before the message was sent" : "SMTP \(stage): the connection closed before the message was sent"
        case .protocolViolation(let stage, let reason): "SMTP \(stage): protocol violation: \(reason)"
        case .noReplyAfterMessage(let timedOut):
            "SMTP end-of-data: the message was sent but "
                + (timedOut ? "no reply came in time" : "the connection closed before a reply")
                + "; it may or may not have been accepted"
        }
    }
}
