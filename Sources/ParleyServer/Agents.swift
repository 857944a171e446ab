import AsyncHTTPClient
import ParleyAgent
import ParleyCore

/// The agents a server offers: the built-in one always, the language model when one is configured.
struct Agents: Sendable {
    let builtIn = BuiltInAgent()
    let model: LLMAgent?

    init(settings: ModelSettings?, client: HTTPClient = .shared) {
        model = settings.map { settings in
            LLMAgent(
                transport: HTTPChatCompletionTransport(settings: settings, client: client), model: settings.model, budget: settings.turnBudget,
                backoff: settings.retryBackoff
            )
        }
    }

    /// The agent for a campaign of `kind`; the built-in one when no model is configured (any more).
    func agent(for kind: AgentKind) -> any ConversationAgent {
        guard kind == .llm, let model else { return builtIn }
        return model
    }
}
