import Foundation
import ParleyTesting

/// A real `parley serve` process on loopback, its output in files the test reads; shared by the tests that
/// start, stop and kill the server.
struct ServeProcess {
    let process: Process
    let stdout: URL
    let stderr: URL
    /// The port the server listens on.
    let port: Int

    /// Starts `parley serve --port 0 --database DATABASE` and waits (up to 20 seconds) until it listens.
    ///
    /// - Parameter environment: Variables added to this process's environment.
    static func start(database: String, environment: [String: String] = [:]) async throws -> ServeProcess {
        let directory = FileManager.default.temporaryDirectory.appending(path: "parley-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let stdout = directory.appending(path: "stdout")
        let stderr = directory.appending(path: "stderr")
        _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderr.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appending(path: "parley")
        process.arguments = ["serve", "--port", "0", "--database", database]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = try FileHandle(forWritingTo: stdout)
        process.standardError = try FileHandle(forWritingTo: stderr)
        try ChildProcess.launch(process)
        let deadline = ContinuousClock.now + .seconds(60)
        var logs = ""
        while ContinuousClock.now < deadline {
            logs = (try? String(contentsOf: stderr, encoding: .utf8)) ?? ""
            if let match = logs.firstMatch(of: /listening on 127\.0\.0\.1:(\d+)/), let port = Int(match.1) {
                return ServeProcess(process: process, stdout: stdout, stderr: stderr, port: port)
            }
            if !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        process.terminate()
        throw NotListening(log: String(logs.suffix(2_000)))
    }

    /// The server did not come up; its log says why.
    struct NotListening: Error, CustomStringConvertible {
        var log: String
        var description: String { "parley serve did not start listening:\n\(log)" }
    }

    /// What the server printed on standard output.
    func output() -> String { (try? String(contentsOf: stdout, encoding: .utf8)) ?? "" }

    /// What the server logged.
    func logs() -> String { (try? String(contentsOf: stderr, encoding: .utf8)) ?? "" }

    /// Sends SIGTERM and waits (up to 20 seconds) for the exit status.
    func terminate() async throws -> Int32 {
        process.terminate()
        let deadline = ContinuousClock.now + .seconds(20)
        while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        return process.terminationStatus
    }

    /// Kills the process with SIGKILL, as a crash or an out-of-memory killer would, and waits for it to go.
    func kill() async {
        Foundation.kill(process.processIdentifier, SIGKILL)
        await ChildProcess.exit(of: process)
    }
}
