import Foundation
import ParleyTesting

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The Python webhook receiver (`Tests/Contract/webhook_receiver.py`) on loopback: it verifies every delivery
/// with the `standardwebhooks` library and Popp's `x-signature`, and reports what arrived.
final class WebhookReceiver: Sendable {
    /// One delivery as the receiver saw it.
    struct Delivery: Sendable {
        var path: String
        var event: String?
        var eventID: String?
        var webhookID: String?
        var standardVerified: Bool
        var standardError: String?
        var poppVerified: Bool
        /// The delivery's body, as JSON text.
        var body: String

        /// The body's `data`.
        var data: [String: Any] {
            ((try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any])?["data"] as? [String: Any] ?? [:]
        }
    }

    let baseURL: String
    private let process: Process

    private init(process: Process, port: Int) {
        self.process = process
        self.baseURL = "http://127.0.0.1:\(port)"
    }

    /// Runs `body` with a fresh receiver, stopping it afterwards.
    static func run<T>(_ body: (WebhookReceiver) async throws -> T) async throws -> T {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", root.appending(path: "Tests/Contract/webhook_receiver.py").path]
        let output = Pipe()
        process.standardOutput = output
        // Nothing of the test runner's own output is handed down: a receiver still running must not keep it open.
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try ChildProcess.launch(process)
        guard let port = Int(await ChildProcess.firstLine(of: output.fileHandleForReading)) else {
            kill(process.processIdentifier, SIGKILL)
            throw ReceiverError.didNotStart
        }
        let receiver = WebhookReceiver(process: process, port: port)
        do {
            let result = try await body(receiver)
            await stop(process)
            return result
        } catch {
            await stop(process)
            throw error
        }
    }

    /// Stops the receiver. It is not waited for: on Linux, waiting for a terminated child from inside Swift
    /// concurrency can hang, and the receiver holds nothing that needs cleaning up.
    private static func stop(_ process: Process) async {
        kill(process.processIdentifier, SIGKILL)
    }

    /// Tells the receiver the secret deliveries to `path` are signed with.
    func expect(secret: String, on path: String) async throws {
        var request = URLRequest(url: URL(string: baseURL + "/_secrets")!)
        request.httpMethod = "POST"
        request.httpBody = try JSONSerialization.data(withJSONObject: ["path": path, "secret": secret])
        _ = try await URLSession.shared.data(for: request)
    }

    /// Everything received so far, oldest first.
    func received() async throws -> [Delivery] {
        let (data, _) = try await URLSession.shared.data(from: URL(string: baseURL + "/_received")!)
        let list = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] ?? []
        return list.map { entry in
            let body = (entry["body"] as? [String: Any]).flatMap { try? JSONSerialization.data(withJSONObject: $0) } ?? Data()
            return Delivery(
                path: entry["path"] as? String ?? "", event: entry["event"] as? String, eventID: entry["eventId"] as? String,
                webhookID: entry["webhookId"] as? String, standardVerified: entry["standard"] as? Bool ?? false,
                standardError: entry["standardError"] as? String, poppVerified: entry["popp"] as? Bool ?? false,
                body: String(decoding: body, as: UTF8.self)
            )
        }
    }

    /// What has arrived once `condition` holds, polling for up to ten seconds.
    func received(until condition: ([Delivery]) -> Bool) async throws -> [Delivery] {
        let deadline = ContinuousClock.now + .seconds(10)
        while true {
            let deliveries = try await received()
            if condition(deliveries) || ContinuousClock.now > deadline { return deliveries }
            try await Task.sleep(for: .milliseconds(30))
        }
    }

    private enum ReceiverError: Error { case didNotStart }
}
