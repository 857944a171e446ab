import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `parley serve` as a newcomer runs it: a real process on loopback.
@Suite("parley serve")
struct ServeCommandTests {
    /// A running `parley serve` whose output goes to files the test reads.
    private struct ServerProcess {
        let process: Process
        let stdout: URL
        let stderr: URL

        static func start(database: String) throws -> ServerProcess {
            let directory = FileManager.default.temporaryDirectory.appending(path: "parley-serve-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let stdout = directory.appending(path: "stdout")
            let stderr = directory.appending(path: "stderr")
            _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
            _ = FileManager.default.createFile(atPath: stderr.path, contents: nil)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appending(path: "parley")
            process.arguments = ["serve", "--port", "0", "--database", database]
            process.standardOutput = try FileHandle(forWritingTo: stdout)
            process.standardError = try FileHandle(forWritingTo: stderr)
            try process.run()
            return ServerProcess(process: process, stdout: stdout, stderr: stderr)
        }

        func output() -> String { (try? String(contentsOf: stdout, encoding: .utf8)) ?? "" }
        func logs() -> String { (try? String(contentsOf: stderr, encoding: .utf8)) ?? "" }

        /// The port the server listens on, once it says so (within 20 seconds).
        func port() async throws -> Int {
            let deadline = ContinuousClock.now + .seconds(20)
            while ContinuousClock.now < deadline {
                if let match = logs().firstMatch(of: /listening on 127\.0\.0\.1:(\d+)/), let port = Int(match.1) { return port }
                try await Task.sleep(for: .milliseconds(50))
            }
            throw CancellationError()
        }

        /// Sends SIGTERM and waits (up to 20 seconds) for the exit status.
        func terminate() async throws -> Int32 {
            process.terminate()
            let deadline = ContinuousClock.now + .seconds(20)
            while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
            return process.terminationStatus
        }
    }

    @Test("on an empty database serve prints a demo organization once, answers HTTP, and stops cleanly on SIGTERM")
    func demoOrganizationAndShutdown() async throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "parley-serve-db-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = "sqlite://" + directory.appending(path: "parley.db").path

        let first = try ServerProcess.start(database: database)
        let port = try await first.port()
        let output = first.output()
        let key = try #require(output.firstMatch(of: /API key\s+(prly_\S+)/)?.1)
        let organization = try #require(output.firstMatch(of: /organization id\s+(\S+)/)?.1)
        #expect(output.contains("curl -s http://127.0.0.1:"))
        #expect(!first.logs().contains(key), "the key is shown on standard output only, never logged")

        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/v1/organization")!)
        request.setValue(String(key), forHTTPHeaderField: "x-api-key")
        request.setValue(String(organization), forHTTPHeaderField: "x-organization-id")
        let (body, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: body, as: UTF8.self).contains("Demo organization"))
        #expect(try await first.terminate() == 0)

        let second = try ServerProcess.start(database: database)
        _ = try await second.port()
        #expect(!second.output().contains("API key"), "the demo organization is created only on an empty database")
        #expect(try await second.terminate() == 0)
    }
}
