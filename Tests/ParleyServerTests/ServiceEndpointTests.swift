import Foundation
import HTTPTypes
import ParleyCore
import ParleyTesting
import Testing

@Suite("Service endpoints")
struct ServiceEndpointTests {
    @Test("GET /health answers 200 {\"status\":\"ok\"} without authentication")
    func health() async throws {
        try await TestServer.run(on: .sqlite) { server in
            let response = try await server.request(.get, "/health")
            #expect(response.status == 200)
            #expect(response.json["status"] as? String == "ok")
        }
    }

    @Test("GET /openapi.yaml serves the contract checked into the repository")
    func openAPIDocument() async throws {
        try await TestServer.run(on: .sqlite) { server in
            let response = try await server.request(.get, "/openapi.yaml")
            #expect(response.status == 200)
            let onDisk = try String(
                contentsOf: URL(fileURLWithPath: #filePath).appending(path: "../../../openapi.yaml").standardized, encoding: .utf8)
            #expect(response.body == onDisk)
        }
    }

    @Test("unknown paths answer 404 in the API's error shape")
    func unknownPath() async throws {
        try await TestServer.run(on: .sqlite) { server in
            let response = try await server.request(.get, "/v2/nothing")
            #expect(response.status == 404)
            #expect(response.error == "path: no such endpoint")
        }
    }
}
