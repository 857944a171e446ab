import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A CalDAV server's answer to one request: its status and its whole body.
struct CalDAVHTTPResponse: Sendable {
    /// The HTTP status code.
    var status: Int
    /// The body, at most the client's ``CalDAVClient/maximumResponseBytes``.
    var body: ByteBuffer
}

extension CalDAVClient {
    /// Sends one request to `url` as `account`'s user (HTTP Basic) and reads the whole answer, all within the
    /// client's timeout. Throws ``CalDAVError/malformedResponse(_:)`` for a body larger than
    /// ``maximumResponseBytes``, `HTTPClientError.deadlineExceeded` when time runs out, and transport errors as
    /// they come.
    func send(
        _ method: HTTPMethod, to url: URL, as account: CalDAVAccount, headers extraHeaders: [(String, String)] = [],
        body: String? = nil
    ) async throws -> CalDAVHTTPResponse {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = method
        request.headers.add(name: "Authorization", value: Self.basicAuthorization(for: account))
        for (name, value) in extraHeaders { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }

        let deadline = NIODeadline.now() + timeout
        let response = try await httpClient.execute(request, deadline: deadline)
        let collected = try await Self.collect(response.body, upTo: maximumResponseBytes, before: deadline)
        return CalDAVHTTPResponse(status: Int(response.status.code), body: collected)
    }

    /// The `Authorization` header value for `account`: `Basic` and base64 of `username:password`.
    static func basicAuthorization(for account: CalDAVAccount) -> String {
        "Basic " + Data("\(account.username):\(account.password)".utf8).base64EncodedString()
    }

    /// The whole of `body`; throws ``CalDAVError/malformedResponse(_:)`` past `maximumBytes` and
    /// `HTTPClientError.deadlineExceeded` if it is not all there by `deadline` (the client's own deadline covers only
    /// the wait for the response head).
    private static func collect(_ body: HTTPClientResponse.Body, upTo maximumBytes: Int, before deadline: NIODeadline) async throws -> ByteBuffer {
        try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
            group.addTask {
                do {
                    return try await body.collect(upTo: maximumBytes)
                } catch is NIOTooManyBytesError {
                    throw CalDAVError.malformedResponse("the answer is larger than \(maximumBytes) bytes")
                }
            }
            group.addTask {
                let remaining = deadline - NIODeadline.now()
                try await Task.sleep(for: .nanoseconds(max(0, remaining.nanoseconds)))
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let collected = first else { throw HTTPClientError.deadlineExceeded }
            return collected
        }
    }
}
