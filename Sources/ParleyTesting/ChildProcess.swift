package import Foundation
import Synchronization

/// Starts child processes one at a time, and waits for them without holding a thread of Swift concurrency.
///
/// Foundation's `Process.run()` on Linux is not safe to call from several threads at once (it has crashed copying
/// the environment while tests started helpers in parallel), and every test of the package runs in one process.
/// Reading a child's output and waiting for its exit block the calling thread; on two cores Swift concurrency has
/// two threads, and a test blocking them while its helper (a browser, say) waits on the in-process server would
/// stall every test until the helper gave up. So every blocking wait here runs on a Dispatch thread instead.
package enum ChildProcess {
    private static let launching = Mutex(())

    /// How a child that ran to its end finished.
    package struct Finished: Sendable {
        /// Its exit status.
        package var status: Int32
        /// What it printed on standard output.
        package var output: Data
        /// What it printed on standard error.
        package var errorOutput: Data

        /// Standard output as text.
        package var text: String { String(decoding: output, as: UTF8.self) }
        /// Standard error as text.
        package var errorText: String { String(decoding: errorOutput, as: UTF8.self) }
    }

    /// Runs `process`, after any other launch has finished.
    package static func launch(_ process: Process) throws {
        try launching.withLock { _ in try process.run() }
    }

    /// Runs `process` to its end with `input` on its standard input (none when `nil`), collecting both of its
    /// outputs; the process's own standard streams are replaced.
    package static func run(_ process: Process, input: Data? = nil) async throws -> Finished {
        let output = Pipe()
        let errors = Pipe()
        let stdin = input.map { _ in Pipe() }
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = stdin ?? FileHandle.nullDevice
        try launch(process)
        let collected = Collected()
        await withCheckedContinuation { continuation in
            let group = DispatchGroup()
            if let input, let writer = stdin?.fileHandleForWriting {
                DispatchQueue.global().async(group: group) {
                    try? writer.write(contentsOf: input)
                    try? writer.close()
                }
            }
            DispatchQueue.global().async(group: group) { collected.errorOutput = errors.fileHandleForReading.readDataToEndOfFile() }
            DispatchQueue.global().async(group: group) { collected.output = output.fileHandleForReading.readDataToEndOfFile() }
            group.notify(queue: .global()) { continuation.resume() }
        }
        await exit(of: process)
        return Finished(status: process.terminationStatus, output: collected.output, errorOutput: collected.errorOutput)
    }

    /// The first line `reader` gives (without its newline), read on a Dispatch thread: how a helper that prints its
    /// port once it listens is waited for. Empty when the helper closed its output first.
    package static func firstLine(of reader: FileHandle) async -> String {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var bytes = Data()
                while !bytes.contains(UInt8(ascii: "\n")) {
                    let chunk = reader.availableData
                    if chunk.isEmpty { break }
                    bytes.append(chunk)
                }
                let line = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).first ?? Data()
                continuation.resume(returning: String(decoding: line, as: UTF8.self))
            }
        }
    }

    /// Waits, without blocking, until `process` has exited; a cancelled wait kills it first, so that a test cut
    /// short leaves no helper behind.
    package static func exit(of process: Process) async {
        while process.isRunning {
            do {
                try await Task.sleep(for: .milliseconds(10))
            } catch {
                kill(process.processIdentifier, SIGKILL)
                await Task.yield()
            }
        }
    }

    /// What the reading threads collected; the dispatch group orders their writes before the read.
    private final class Collected: @unchecked Sendable {
        var output = Data()
        var errorOutput = Data()
    }
}
