/// What a failed send means for the message, so the caller can decide whether to try again.
package enum SMTPFailureOutcome: Sendable, Hashable {
    /// The message was certainly not accepted, and trying again later may work.
    case retryable
    /// The message was not accepted, and trying again will not help without a change.
    case permanent
    /// The message was handed over in full but no answer came: it may or may not have been accepted.
    case unknown
}
