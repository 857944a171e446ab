import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `parley serve` as a newcomer runs it: a real process on loopback.
@Suite("parley serve")
struct ServeCommandTests {
    @Test("on an empty database serve prints a demo organization once, answers HTTP, and stops cleanly on SIGTERM")
    func demoOrganizationAndShutdown() async throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "parley-serve-db-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = "sqlite://" + directory.appending(path: "parley.db").path

        let first = try await ServeProcess.start(database: database)
        let port = first.port
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

        let second = try await ServeProcess.start(database: database)
        #expect(!second.output().contains("API key"), "the demo organization is created only on an empty database")
        #expect(try await second.terminate() == 0)
    }
}
