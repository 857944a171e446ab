import Logging
import Synchronization

/// A log handler that keeps every entry, rendered as text, so tests can check what was logged.
struct RecordingLogHandler: LogHandler {
    /// The entries written through every handler that shares this store.
    final class Store: Sendable {
        private let entries = Mutex<[String]>([])

        /// Everything logged so far, one string per entry: level, message and metadata.
        var all: [String] { entries.withLock { $0 } }

        fileprivate func append(_ entry: String) {
            entries.withLock { $0.append(entry) }
        }
    }

    let store: Store
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        store.append("\(event.level) \(event.message) \(merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })")
    }

    /// A logger writing into a new store, and that store.
    static func logger() -> (Logger, Store) {
        let store = Store()
        return (Logger(label: "parley.smtp.test") { _ in RecordingLogHandler(store: store) }, store)
    }
}
