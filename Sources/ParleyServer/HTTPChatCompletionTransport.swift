import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import ParleyAgent

/// Sends chat-completion requests over HTTP to any OpenAI-compatible endpoint: `POST {base}/chat/completions`
/// with a bearer token when one is configured. Maps the endpoint's failures to ``ChatCompletionError``.
struct HTTPChatCompletionTransport: ChatCompletionTransport {
    let settings: ModelSettings
    let client: HTTPClient

    /// The largest response body read.
    private static let responseLimit = 4 * 1024 * 1024

    func complete(_ body: ChatCompletion.Request) async throws -> ChatCompletion.Response {
        var request = HTTPClientRequest(url: settings.baseURL + "/chat/completions")
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "user-agent", value: "Parley")
        if let key = settings.apiKey { request.headers.add(name: "authorization", value: "Bearer \(key)") }
        request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(body)))
        let timeout = TimeAmount(settings.requestTimeout)
        let response: HTTPClientResponse
        let bytes: ByteBuffer
        do {
            response = try await client.execute(request, timeout: timeout)
            bytes = try await response.body.collect(upTo: Self.responseLimit)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            throw ChatCompletionError.timedOut
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw ChatCompletionError.unavailable(String(describing: type(of: error)))
        }
        switch response.status.code {
        case 200..<300:
            guard let decoded = try? JSONDecoder().decode(ChatCompletion.Response.self, from: Data(bytes.readableBytesView)) else {
                throw ChatCompletionError.malformed
            }
            return decoded
        case 429:
            // Only a finite, sensible number of seconds counts: "inf" or "1e30" must not reach the arithmetic.
            let retryAfter = response.headers.first(name: "retry-after").flatMap(Double.init).flatMap {
                $0.isFinite && (0...3_600).contains($0) ? $0 : nil
            }
            throw ChatCompletionError.rateLimited(retryAfter: retryAfter)
        case 408, 500..<600:
            throw ChatCompletionError.unavailable("HTTP \(response.status.code)")
        default:
            throw ChatCompletionError.refused(status: Int(response.status.code))
        }
    }
}
