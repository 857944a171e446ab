import Foundation
import Logging
import ParleyStore

// `parley-bench jobs|webhooks --database URL [--count N]`: one in-process benchmark on a fresh database, its
// figures printed as one JSON object. `Benchmarks/run` drives it beside the HTTP benchmarks.

let arguments = Array(CommandLine.arguments.dropFirst())
func option(_ name: String) -> String? {
    arguments.firstIndex(of: name).flatMap { arguments.indices.contains($0 + 1) ? arguments[$0 + 1] : nil }
}
guard let benchmark = arguments.first, let databaseText = option("--database") else {
    FileHandle.standardError.write(Data("usage: parley-bench jobs|webhooks --database URL [--count N]\n".utf8))
    exit(2)
}
let count = option("--count").flatMap(Int.init) ?? 5_000
var logger = Logger(label: "parley-bench")
logger.logLevel = .warning

let url = try DatabaseURL(databaseText)
let figures: [String: Double] = try await withDatabase(url, logger: logger) { database in
    try await Migrations.run(on: database, logger: logger)
    switch benchmark {
    case "jobs": return try await JobsBenchmark(database: database, logger: logger).run(count: count)
    case "webhooks": return try await WebhooksBenchmark(database: database, logger: logger).run(count: count)
    default: throw BenchmarkError("unknown benchmark \(benchmark): jobs or webhooks")
    }
}
let json = try JSONSerialization.data(withJSONObject: figures, options: [.sortedKeys])
print(String(decoding: json, as: UTF8.self))

/// A benchmark that could not run.
struct BenchmarkError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
