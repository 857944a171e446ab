/// The OpenAI chat-completions wire format, as far as Parley uses it: a request with messages and tools, and
/// the response's first choice with its tool calls and token usage. Hosted providers, vLLM, llama.cpp's server
/// and Ollama all speak it.
package enum ChatCompletion {
    /// `POST {base}/chat/completions` body.
    package struct Request: Sendable, Equatable, Codable {
        package var model: String
        package var messages: [Message]
        package var tools: [Tool]
        /// `"required"`: the model must answer with a tool call.
        package var toolChoice: String
        package var parallelToolCalls: Bool
        package var temperature: Double

        package init(model: String, messages: [Message], tools: [Tool], temperature: Double = 0.2) {
            self.model = model
            self.messages = messages
            self.tools = tools
            self.toolChoice = "required"
            self.parallelToolCalls = false
            self.temperature = temperature
        }

        enum CodingKeys: String, CodingKey {
            case model, messages, tools, temperature
            case toolChoice = "tool_choice"
            case parallelToolCalls = "parallel_tool_calls"
        }
    }

    /// One message of the conversation with the model.
    package struct Message: Sendable, Equatable, Codable {
        /// `system`, `user`, `assistant` or `tool`.
        package var role: String
        package var content: String?
        package var toolCalls: [ToolCall]?
        /// For `tool` messages: the call answered.
        package var toolCallID: String?

        package init(role: String, content: String?, toolCalls: [ToolCall]? = nil, toolCallID: String? = nil) {
            self.role = role
            self.content = content
            self.toolCalls = toolCalls
            self.toolCallID = toolCallID
        }

        enum CodingKeys: String, CodingKey {
            case role, content
            case toolCalls = "tool_calls"
            case toolCallID = "tool_call_id"
        }
    }

    /// A function the model may call.
    package struct Tool: Sendable, Equatable, Codable {
        package var type = "function"
        package var function: Function

        package struct Function: Sendable, Equatable, Codable {
            package var name: String
            package var description: String
            /// A JSON Schema object.
            package var parameters: JSONValue
        }

        package init(name: String, description: String, parameters: JSONValue) {
            function = Function(name: name, description: description, parameters: parameters)
        }
    }

    /// A call the model made.
    package struct ToolCall: Sendable, Equatable, Codable {
        package var id: String
        package var type: String?
        package var function: Call

        package struct Call: Sendable, Equatable, Codable {
            package var name: String
            /// The arguments as a JSON text, exactly as the model wrote them.
            package var arguments: String
        }

        package init(id: String, name: String, arguments: String) {
            self.id = id
            self.type = "function"
            self.function = Call(name: name, arguments: arguments)
        }
    }

    /// The response body.
    package struct Response: Sendable, Equatable, Codable {
        package var choices: [Choice]
        package var usage: Usage?

        package struct Choice: Sendable, Equatable, Codable {
            package var message: Message
        }

        package struct Usage: Sendable, Equatable, Codable {
            package var promptTokens: Int?
            package var completionTokens: Int?

            enum CodingKeys: String, CodingKey {
                case promptTokens = "prompt_tokens"
                case completionTokens = "completion_tokens"
            }
        }
    }
}

/// Sends chat-completion requests to a model; the HTTP client lives with the server, fakes with the tests.
package protocol ChatCompletionTransport: Sendable {
    /// The model's response to `request`, or a ``ChatCompletionError``.
    func complete(_ request: ChatCompletion.Request) async throws -> ChatCompletion.Response
}

/// Why a request to the model failed.
package enum ChatCompletionError: Error, Sendable, Equatable {
    /// 429: wait, at least `retryAfter` seconds when the server says.
    case rateLimited(retryAfter: Double?)
    /// 5xx, a dropped connection: worth another try.
    case unavailable(String)
    /// No answer within the request timeout.
    case timedOut
    /// Another 4xx: the request itself is refused; trying again will not help.
    case refused(status: Int)
    /// The answer is not a chat completion.
    case malformed
}

extension ChatCompletionTransport {
    /// The model's response to `request`, or ``ChatCompletionError/timedOut`` once `limit` has passed.
    func complete(_ request: ChatCompletion.Request, within limit: Duration) async throws -> ChatCompletion.Response {
        try await withThrowingTaskGroup(of: ChatCompletion.Response.self) { group in
            group.addTask { try await complete(request) }
            group.addTask {
                try await Task.sleep(for: limit)
                throw ChatCompletionError.timedOut
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw ChatCompletionError.timedOut }
            return first
        }
    }
}
