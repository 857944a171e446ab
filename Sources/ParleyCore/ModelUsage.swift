/// What asking a language model cost: calls, tokens and time. Recorded per conversation.
package struct ModelUsage: Sendable, Equatable, Codable {
    /// Requests sent to the model, retries included.
    package var calls: Int
    package var promptTokens: Int
    package var completionTokens: Int
    /// Time spent waiting on the model, in milliseconds.
    package var latencyMilliseconds: Int

    package init(calls: Int = 0, promptTokens: Int = 0, completionTokens: Int = 0, latencyMilliseconds: Int = 0) {
        self.calls = calls
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.latencyMilliseconds = latencyMilliseconds
    }

    /// Both usages together.
    package static func + (lhs: ModelUsage, rhs: ModelUsage) -> ModelUsage {
        ModelUsage(
            calls: lhs.calls + rhs.calls, promptTokens: lhs.promptTokens + rhs.promptTokens,
            completionTokens: lhs.completionTokens + rhs.completionTokens,
            latencyMilliseconds: lhs.latencyMilliseconds + rhs.latencyMilliseconds
        )
    }
}
