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
    package static func run(_ script: String, input: Data) throws -> Data {
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("parley-python-\(UUID().uuidString).err")
        try Data().write(to: errorFile)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let errorHandle = try FileHandle(forWritingTo: errorFile)
        defer { try? errorHandle.close() }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = errorHandle
        try ChildProcess.launch(process)
        try stdin.fileHandleForWriting.write(contentsOf: input)
        try stdin.fileHandleForWriting.close()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let error = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
            throw Failure(description: "python3 exited with \(process.terminationStatus): \(error)")
        }
        return data
    }
}
