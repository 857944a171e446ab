import Foundation
import ParleyTesting

/// Signs provider callbacks with `Tests/Contract/provider_sign.py`: Twilio's with Twilio's own Python library.
enum ProviderSigner {
    /// `X-Twilio-Signature` for a POST of `parameters` to `url`.
    static func twilio(url: String, parameters: [String: String], authToken: String) async throws -> String {
        try await run(["twilio", url, authToken], input: try JSONSerialization.data(withJSONObject: parameters))
    }

    /// `X-Hub-Signature-256` for `body`.
    static func meta(body: String, appSecret: String) async throws -> String {
        try await run(["meta", appSecret], input: Data(body.utf8))
    }

    private static func run(_ arguments: [String], input: Data) async throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", root.appending(path: "Tests/Contract/provider_sign.py").path] + arguments
        let finished = try await ChildProcess.run(process, input: input)
        guard finished.status == 0 else { throw SigningFailed() }
        return finished.text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private struct SigningFailed: Error {}
}

/// A form body, escaped as Twilio sends it.
func formBody(_ parameters: [String: String]) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._*")
    return parameters.sorted { $0.key < $1.key }
        .map { "\($0.key.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed)!)" }
        .joined(separator: "&")
}
