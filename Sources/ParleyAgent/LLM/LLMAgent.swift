import Foundation
import ParleyCore

/// The agent backed by a language model over an OpenAI-compatible chat-completions endpoint.
///
/// The model answers through tools that mirror ``AgentDecision``; ``AgentTools`` refuses any call the screening
/// state does not allow and tells the model why, so it can try again. A slow, failing, rate-limited or
/// confused model is retried with backoff inside a time budget, then the ``BuiltInAgent`` takes the turn: the
/// candidate never waits for ever and never sees an error.
package struct LLMAgent: ConversationAgent {
    private let transport: any ChatCompletionTransport
    private let model: String
    private let budget: Duration
    private let backoff: Duration
    private let fallback = BuiltInAgent()

    /// The most requests one turn makes, retries and corrections included.
    static let maximumAttempts = 4

    /// - Parameters:
    ///   - budget: The longest one turn may wait on the model before the built-in agent answers instead.
    ///   - backoff: The first wait after a failure; each later one doubles.
    package init(transport: any ChatCompletionTransport, model: String, budget: Duration, backoff: Duration = .milliseconds(500)) {
        self.transport = transport
        self.model = model
        self.budget = budget
        self.backoff = backoff
    }

    package func decide(_ context: AgentContext) async throws -> AgentTurn {
        let deadline = ContinuousClock.now + budget
        var messages = AgentPrompt.messages(for: context)
        var usage = ModelUsage()
        var delay = backoff
        var failures: [String] = []
        for _ in 1...Self.maximumAttempts {
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { break }
            let request = ChatCompletion.Request(model: model, messages: messages, tools: AgentTools.definitions)
            let started = ContinuousClock.now
            var wait: Duration?
            do {
                let response = try await transport.complete(request, within: remaining)
                usage =
                    usage
                    + ModelUsage(
                        calls: 1, promptTokens: response.usage?.promptTokens ?? 0, completionTokens: response.usage?.completionTokens ?? 0,
                        latencyMilliseconds: (ContinuousClock.now - started).wholeMilliseconds
                    )
                guard let reply = response.choices.first?.message, let calls = reply.toolCalls, calls.count == 1 else {
                    failures.append("no single tool call")
                    messages.append(.init(role: "assistant", content: response.choices.first?.message.content ?? ""))
                    messages.append(.init(role: "user", content: "[System: answer by calling exactly one of the tools.]"))
                    continue
                }
                do {
                    return AgentTurn(decision: try AgentTools.decision(for: calls[0], context: context), usage: usage)
                } catch {
                    failures.append("refused \(calls[0].function.name)")
                    messages.append(.init(role: "assistant", content: nil, toolCalls: calls))
                    messages.append(.init(role: "tool", content: "Refused: \(error.reason). Call one tool again.", toolCallID: calls[0].id))
                }
            } catch ChatCompletionError.refused(let status) {
                usage = usage + ModelUsage(calls: 1, latencyMilliseconds: (ContinuousClock.now - started).wholeMilliseconds)
                failures.append("HTTP \(status)")
                break
            } catch ChatCompletionError.rateLimited(let retryAfter) {
                usage = usage + ModelUsage(calls: 1, latencyMilliseconds: (ContinuousClock.now - started).wholeMilliseconds)
                failures.append("rate limited")
                wait = max(delay, .milliseconds(Int((retryAfter ?? 0) * 1000)))
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                usage = usage + ModelUsage(calls: 1, latencyMilliseconds: (ContinuousClock.now - started).wholeMilliseconds)
                failures.append(String(describing: error))
                wait = delay
            }
            if let wait {
                let left = deadline - ContinuousClock.now
                guard wait < left else { break }
                try await Task.sleep(for: wait)
                delay *= 2
            }
        }
        let reason = failures.isEmpty ? "out of time" : failures.joined(separator: ", ")
        return AgentTurn(decision: fallback.decision(for: context), usage: usage, fallbackReason: reason)
    }
}
