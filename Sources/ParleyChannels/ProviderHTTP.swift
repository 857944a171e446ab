import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// One HTTP request to a provider's API, with its failure sorted into retryable, permanent or unknown.
enum ProviderHTTP {
    /// One client for every provider request, never following redirects. It lives as long as the process.
    private static let client = HTTPClient(
        eventLoopGroupProvider: .shared(MultiThreadedEventLoopGroup.singleton),
        configuration: HTTPClient.Configuration(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(5)))
    )

    /// How long a provider has to answer.
    static let timeout = TimeAmount.seconds(15)

    /// Sends `request` and returns the status and body of a 2xx answer.
    ///
    /// A refused connection, 429 and 502–504 are retryable (the provider did not act). 500 and a request that
    /// went out without an answer are unknown. Any other 4xx or 5xx is permanent.
    static func send(_ request: HTTPClientRequest, provider: String) async throws(ChannelSendError) -> (status: Int, body: Data) {
        let response: HTTPClientResponse
        let body: ByteBuffer
        do {
            response = try await client.execute(request, timeout: timeout)
            body = try await response.body.collect(upTo: 1 << 20)
        } catch {
            if isConnectFailure(error) { throw .retryable("\(provider) could not be reached") }
            throw .unknown("\(provider) did not answer: \(type(of: error))")
        }
        let status = Int(response.status.code)
        let code = errorCode(in: body)
        switch status {
        case 200..<300: return (status, Data(body.readableBytesView))
        case 429, 502, 503, 504: throw .retryable("\(provider) answered \(status)")
        case 500: throw .unknown("\(provider) answered 500")
        case _ where code.map(rateLimitCodes.contains) == true: throw .retryable("\(provider) is throttling (code \(code ?? ""))")
        default: throw .permanent("\(provider) answered \(status)\(code.map { " (code \($0))" } ?? "")")
        }
    }

    /// Error codes that say "not now" whatever the HTTP status: Meta answers its rate limits (app, account,
    /// throughput, spam and pair limits) with 400, Twilio its own with 429's code 20429.
    private static let rateLimitCodes: Set<String> = ["4", "80007", "130429", "131048", "131056", "20429"]

    /// Whether the request never left: the connection itself failed.
    private static func isConnectFailure(_ error: any Error) -> Bool {
        if let error = error as? HTTPClientError, error == .connectTimeout { return true }
        if error is NIOConnectionError { return true }
        if let error = error as? IOError { return [ECONNREFUSED, ENETUNREACH, EHOSTUNREACH].contains(error.errnoCode) }
        return false
    }

    /// The provider's own error code, which says why without repeating the message or the number.
    private static func errorCode(in body: ByteBuffer) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any] else { return nil }
        if let code = object["code"] { return "\(code)" }
        if let error = object["error"] as? [String: Any], let code = error["code"] { return "\(code)" }
        return nil
    }
}
