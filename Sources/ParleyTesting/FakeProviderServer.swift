import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Synchronization

/// Twilio's Messages API and Meta's WhatsApp Cloud API on loopback, for tests: every request is recorded and
/// answered in the provider's real wire format, with an id (`SM…` or `wamid.…`), or with a scripted error.
package final class FakeProviderServer: Sendable {
    /// One scripted answer.
    package enum Answer: Sendable {
        /// The provider takes the message and returns its id.
        case accept
        /// An HTTP error status with the provider's error body.
        case status(Int)
    }

    /// One request as the provider saw it.
    package struct Received: Sendable {
        /// `twilio` or `meta`.
        package var provider: String
        package var path: String
        package var authorization: String?
        /// Twilio's form fields.
        package var form: [String: String]
        /// Meta's JSON body.
        package var json: [String: any Sendable]
        /// When it arrived, by the system clock.
        package var arrivedAt: ContinuousClock.Instant
        /// The id answered, when the message was taken.
        package var id: String?
    }

    private struct State {
        var script: [Answer] = []
        var received: [Received] = []
    }

    private let state = Mutex(State())

    package init() {}

    /// The requests received so far, oldest first.
    package var received: [Received] { state.withLock { $0.received } }

    /// Answers the next requests with `answers`, in order; after them every message is taken.
    package func script(_ answers: [Answer]) {
        state.withLock { $0.script = answers }
    }

    /// Runs `body` with the server's base URL (`http://127.0.0.1:PORT`).
    package func run<T: Sendable>(_ body: @Sendable (String) async throws -> T) async throws -> T {
        let router = Router()
        router.post("/2010-04-01/Accounts/{account}/Messages.json") { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 1 << 20)
            let pairs = String(buffer: bytes).split(separator: "&").map { pair -> (String, String) in
                let parts = pair.split(separator: "=", maxSplits: 1).map { $0.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
                return (parts[0], parts.count > 1 ? parts[1] : "")
            }
            let id = "SM" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            return self.answer(
                Received(
                    provider: "twilio", path: request.uri.path, authorization: request.headers[.authorization],
                    form: Dictionary(pairs, uniquingKeysWith: { $1 }), json: [:], arrivedAt: .now, id: id
                ),
                created: #"{"sid":"\#(id)","status":"queued"}"#, error: #"{"code":21211,"message":"Invalid 'To' Phone Number","status":400}"#
            )
        }
        router.post("/{version}/{phone}/messages") { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 1 << 20)
            let object = (try? JSONSerialization.jsonObject(with: Data(bytes.readableBytesView))) as? [String: Any] ?? [:]
            let id = "wamid." + UUID().uuidString.replacingOccurrences(of: "-", with: "")
            return self.answer(
                Received(
                    provider: "meta", path: request.uri.path, authorization: request.headers[.authorization], form: [:],
                    json: object.mapValues { Self.sendable($0) }, arrivedAt: .now, id: id
                ),
                created: #"{"messaging_product":"whatsapp","contacts":[{"input":"x","wa_id":"x"}],"messages":[{"id":"\#(id)"}]}"#,
                error: #"{"error":{"message":"(#131026) Message undeliverable","type":"OAuthException","code":131026}}"#
            )
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: Logger(label: "fake-provider"))
        return try await app.test(.live) { client in
            guard let port = client.port else { throw FakeProviderError.noPort }
            return try await body("http://127.0.0.1:\(port)")
        }
    }

    private func answer(_ request: Received, created: String, error: String) -> Response {
        let answer = state.withLock { state -> Answer in
            let answer = state.script.isEmpty ? .accept : state.script.removeFirst()
            var request = request
            if case .status = answer { request.id = nil }
            state.received.append(request)
            return answer
        }
        switch answer {
        case .accept:
            return Response(status: .created, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: created)))
        case .status(let code):
            return Response(
                status: .init(code: code), headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: error))
            )
        }
    }

    /// JSON values as plain sendable values (dictionaries, arrays, strings, numbers).
    private static func sendable(_ value: Any) -> any Sendable {
        switch value {
        case let object as [String: Any]: object.mapValues { sendable($0) }
        case let array as [Any]: array.map { sendable($0) }
        case let string as String: string
        case let number as NSNumber: number.doubleValue
        default: "\(value)"
        }
    }
}

private enum FakeProviderError: Error { case noPort }
