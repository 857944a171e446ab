package import Foundation
import Synchronization

/// Starts child processes one at a time. Foundation's `Process.run()` on Linux is not safe to call from several
/// threads at once (it has crashed copying the environment while tests started helpers in parallel), and every
/// test of the package runs in one process.
package enum ChildProcess {
    private static let launching = Mutex(())

    /// Runs `process`, after any other launch has finished.
    package static func launch(_ process: Process) throws {
        try launching.withLock { _ in try process.run() }
    }
}
