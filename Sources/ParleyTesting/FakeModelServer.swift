import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
package import ParleyAgent
import Synchronization

/// An OpenAI-compatible chat-completions endpoint on loopback, for tests: it records every request and answers
/// each with the next scripted ``FakeModelServer/Answer`` (the last one repeats), in the real wire format.
package final class FakeModelServer: Sendable {
    /// One scripted answer.
    package enum Answer: Sendable {
        /// A completion calling `tool` with `arguments` (a JSON object text).
        case tool(String, String)
        /// A completion with plain text and no tool call.
        case text(String)
        /// An HTTP error status, with a `Retry-After` header when given.
        case status(Int, retryAfter: Int? = nil)
        /// A 200 whose body is not a completion.
        case garbage
        /// Waits, then answers.
        case delayed(Duration, Box)
    }

    /// Boxes an ``Answer`` so answers can nest.
    package final class Box: Sendable {
        let answer: Answer
        package init(_ answer: Answer) { self.answer = answer }
    }

    private struct State {
        var script: [Answer]
        var requests: [ChatCompletion.Request] = []
        var authorizations: [String?] = []
    }

    private let state: Mutex<State>

    package init(_ script: [Answer]) {
        state = Mutex(State(script: script))
    }

    /// The requests received so far, oldest first.
    package var requests: [ChatCompletion.Request] { state.withLock { $0.requests } }
    /// The `Authorization` header of each request.
    package var authorizations: [String?] { state.withLock { $0.authorizations } }

    /// Replaces what the server answers from now on.
    package func script(_ answers: [Answer]) {
        state.withLock { $0.script = answers }
    }

    /// Runs `body` with the endpoint's base URL (`http://127.0.0.1:PORT/v1`).
    package func run<T: Sendable>(_ body: @Sendable (String) async throws -> T) async throws -> T {
        let router = Router()
        router.post("/v1/chat/completions") { request, context -> Response in
            let bytes = try await request.body.collect(upTo: 4 * 1024 * 1024)
            let decoded = try JSONDecoder().decode(ChatCompletion.Request.self, from: Data(bytes.readableBytesView))
            let answer = self.state.withLock { state in
                state.requests.append(decoded)
                state.authorizations.append(request.headers[.authorization])
                return state.script.count > 1 ? state.script.removeFirst() : state.script.first ?? .text("")
            }
            return try await Self.respond(answer, requestNumber: self.requests.count)
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: Logger(label: "fake-model"))
        return try await app.test(.live) { client in
            guard let port = client.port else { throw FakeModelError.noPort }
            return try await body("http://127.0.0.1:\(port)/v1")
        }
    }

    private static func respond(_ answer: Answer, requestNumber: Int) async throws -> Response {
        switch answer {
        case .tool(let name, let arguments):
            let message: [String: Any] = [
                "role": "assistant", "content": NSNull(),
                "tool_calls": [["id": "call_\(requestNumber)", "type": "function", "function": ["name": name, "arguments": arguments]]],
            ]
            return try completion(message)
        case .text(let text):
            return try completion(["role": "assistant", "content": text])
        case .status(let code, let retryAfter):
            var headers: HTTPFields = [.contentType: "application/json"]
            if let retryAfter { headers[.retryAfter] = String(retryAfter) }
            let body = #"{"error":{"message":"scripted failure","type":"server_error"}}"#
            return Response(status: .init(code: code), headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
        case .garbage:
            return Response(
                status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"unexpected": true}"#)))
        case .delayed(let duration, let box):
            try await Task.sleep(for: duration)
            return try await respond(box.answer, requestNumber: requestNumber)
        }
    }

    private static func completion(_ message: [String: Any]) throws -> Response {
        let body: [String: Any] = [
            "id": "chatcmpl-test", "object": "chat.completion", "created": 1_800_000_000, "model": "fake-model",
            "choices": [["index": 0, "message": message, "finish_reason": message["tool_calls"] == nil ? "stop" : "tool_calls"]],
            "usage": ["prompt_tokens": 120, "completion_tokens": 15, "total_tokens": 135],
        ]
        let data = try JSONSerialization.data(withJSONObject: body)
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    private enum FakeModelError: Error { case noPort }
}
