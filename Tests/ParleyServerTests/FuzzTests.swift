import Foundation
import ParleyTesting
import Testing

/// Property-based fuzzing of the whole API from the `openapi.yaml` the server serves, with Python's `schemathesis`
/// against a real `parley serve`: generated requests, valid and not, must never answer 5xx, and every answer's
/// status, content type and body must be what the contract documents for it.
@Suite("Fuzzing the API")
struct FuzzTests {
    /// Operations that would make the server call out to the addresses a fuzzer makes up (webhook endpoints,
    /// providers' APIs, CalDAV servers): never fuzzed, since nothing may leave this machine. Their rules have tests
    /// of their own.
    static let reachesOut = [
        "createWebhook", "updateWebhook", "testWebhook", "redeliverWebhookDelivery", "createChannelConnection",
        "updateChannelConnection", "createCalendarConnection",
    ]

    @Test("schemathesis finds no 5xx and no answer outside the contract", .enabled(if: HeavyTests.enabled, "set PARLEY_TEST_HEAVY=1"))
    func schemathesis() async throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "parley-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try await ServeProcess.start(
            database: "sqlite://\(directory.appending(path: "fuzz.db").path)",
            environment: ["PARLEY_RATE_LIMIT_PER_KEY": "0", "PARLEY_RATE_LIMIT_PER_ORGANIZATION": "0"])
        defer { kill(server.process.processIdentifier, SIGKILL) }
        let output = server.output()
        let organization = try #require(output.firstMatch(of: /organization id\s+(\S+)/)).1
        let key = try #require(output.firstMatch(of: /API key\s+(prly_\S+)/)).1
        let base = "http://127.0.0.1:\(server.port)"

        let report = directory.appending(path: "schemathesis.txt")
        _ = FileManager.default.createFile(atPath: report.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            [
                "schemathesis", "run", "\(base)/openapi.yaml", "--url", base,
                "--header", "x-api-key: \(key)", "--header", "x-organization-id: \(organization)",
                "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
                "--phases", "examples,coverage,fuzzing", "--max-examples", "5", "--seed", "20261206", "--workers", "2",
                "--request-timeout", "10", "--max-time", "90", "--exclude-path", "/openapi.yaml",
            ] + Self.reachesOut.flatMap { ["--exclude-operation-id", $0] }
        process.environment = ProcessInfo.processInfo.environment.merging(["NO_COLOR": "1"]) { $1 }
        process.standardOutput = try FileHandle(forWritingTo: report)
        process.standardError = process.standardOutput
        try ChildProcess.launch(process)
        while process.isRunning { try await Task.sleep(for: .milliseconds(100)) }
        let text = (try? String(contentsOf: report, encoding: .utf8)) ?? ""
        #expect(process.terminationStatus == 0, "schemathesis found problems:\n\(text.suffix(12_000))")
        #expect(text.contains("passed") || text.contains("Passed"), "schemathesis ran no test:\n\(text.suffix(2_000))")
        #expect(!server.logs().contains("Request failed"), "the server logged an unexpected error")
    }
}
