package import Foundation

/// Runs a short Python program over some input and returns what it prints: how tests let Python's own libraries
/// (`icalendar`, `email`) read what Parley wrote, as an independent check.
package enum PythonFilter {
    /// Why Python failed.
    package struct Failure: Error, CustomStringConvertible {
        /// Python's exit status and error output.
        package var description: String
    }

    /// Runs `script` with `input` on standard input; returns standard output. Throws ``Failure`` when Python exits
    /// with an error (a package missing, the input unreadable).
    package static func run(_ script: String, input: Data) async throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let finished = try await ChildProcess.run(process, input: input)
        guard finished.status == 0 else { throw Failure(description: "python3 exited with \(finished.status): \(finished.errorText)") }
        return finished.output
    }
}
