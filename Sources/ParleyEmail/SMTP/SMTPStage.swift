/// A step of the SMTP exchange, named in errors and logs.
package enum SMTPStage: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Opening the TCP connection.
    case connect
    /// The TLS handshake, from the first byte (implicit TLS) or after `STARTTLS`.
    case tlsHandshake = "tls-handshake"
    /// Waiting for the server's `220` greeting.
    case greeting
    /// `EHLO` and its list of extensions.
    case ehlo
    /// `STARTTLS`.
    case startTLS = "starttls"
    /// `AUTH PLAIN` or `AUTH LOGIN`.
    case auth
    /// `MAIL FROM`.
    case mailFrom = "mail-from"
    /// `RCPT TO`.
    case rcptTo = "rcpt-to"
    /// `DATA`, up to the server's `354`.
    case data
    /// The message and its final `.`; a failure here may leave the message delivered or not.
    case endOfData = "end-of-data"
    /// `QUIT`, after the message was accepted.
    case quit

    /// The stage's name as it appears in errors and logs, e.g. `rcpt-to`.
    package var description: String { rawValue }
}
