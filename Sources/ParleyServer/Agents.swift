import AsyncHTTPClient
import ParleyAgent
import ParleyCore

/// The agents a server offers: the built-in one always, the language model when one is configured, and the
/// question drafter that goes with them. One HTTP transport serves both uses of the model.
struct Agents: Sendable {
    let builtIn = BuiltInAgent()
    let model: LLMAgent?
    let drafter: any QuestionDrafter
    /// The longest one reply job may wait on the model, over all its turns; later turns go to the built-in agent.
    let budget: Duration

    init(settings: ModelSettings?) {
        guard let settings else {
            model = nil
            drafter = RuleQuestionDrafter()
            budget = .zero
            return
        }
        let transport = HTTPChatCompletionTransport(settings: settings, client: .shared)
        model = LLMAgent(transport: transport, model: settings.model, budget: settings.turnBudget, backoff: settings.retryBackoff)
        drafter = ModelQuestionDrafter(transport: transport, model: settings.model, budget: settings.turnBudget)
        budget = settings.turnBudget
    }

    /// The agent for a campaign of `kind` while the job still has `deadline` ahead: the model for LLM
    /// campaigns, unless none is configured (any more), the candidate is waiting for a person (only a request
    /// to stop can still count), or the job's time with the model is spent.
    func agent(for kind: AgentKind, conversation: Conversation, deadline: ContinuousClock.Instant) -> any ConversationAgent {
        guard kind == .llm, let model, !conversation.humanRequested, ContinuousClock.now < deadline else { return builtIn }
        return model
    }
}
