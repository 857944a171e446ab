/// The SMTP envelope: who the message is from (`MAIL FROM`) and to whom it is delivered (`RCPT TO`).
struct SMTPEnvelope: Sendable, Equatable {
    /// The reverse path, where bounces go.
    var from: String
    /// The forward paths, one `RCPT TO` each.
    var recipients: [String]
}
