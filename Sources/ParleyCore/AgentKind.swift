/// Which agent holds a campaign's conversations.
package enum AgentKind: String, Sendable, Codable, CaseIterable {
    /// The embedded, deterministic agent: no model, no network.
    case builtIn = "BUILT_IN"
    /// A language model behind an OpenAI-compatible chat-completions endpoint, with the built-in agent as its
    /// fallback.
    case llm = "LLM"
}
