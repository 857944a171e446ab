import Foundation
import HTTPTypes
import HummingbirdTesting
import ParleyCore
import ParleyTesting
import Testing

/// The dashboard in a real browser: headless Chromium (Debian's `chromium` and `chromium-driver`) driven by
/// Selenium runs `Tests/Browser/dashboard_journey.py` against a live server and saves a screenshot of each page in
/// `.build/screenshots`.
@Suite("Dashboard in a browser")
struct DashboardBrowserTests {
    private static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("sign in after a wrong password, watch a reply arrive, take over and send")
    func recruiterJourney() async throws {
        try await TestServer.run(on: .sqlite) { server in
            let org = try await server.createOrganization()
            _ = try await DashboardSteps.signedIn(server, org)
            let questions = #"[{"questionType":"YES_NO","content":"Can you work weekends?"},{"content":"When could you start?"}]"#
            let body = CampaignBodies.body(["campaignTitle": #""Weekend barista""#, "questions": questions])
            let campaign = try #require(try await server.request(.post, "/v1/campaigns", as: org, json: body).json["id"] as? String)
            let id = try #require(try await start(server, org, campaign: campaign, phone: "+14155550123")["id"] as? String)
            _ = try await conversation(server, org, id) { $0["status"] as? String == "ONGOING" }
            let port = try #require(server.client.port)

            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [
                "python3", Self.root.appending(path: "Tests/Browser/dashboard_journey.py").path, "http://127.0.0.1:\(port)", "sam@acme.example",
                DashboardSteps.password, "Weekend barista", "Ada", org.apiKey, org.id.uuidString, "+14155550123",
                Self.root.appending(path: ".build/screenshots").path,
            ]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            process.standardInput = FileHandle.nullDevice
            try ChildProcess.launch(process)
            let printed = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let result = try JSONSerialization.jsonObject(with: printed) as? [String: Any]
            #expect(process.terminationStatus == 0 && result?["ok"] as? Bool == true, "\(String(decoding: printed, as: UTF8.self))")
            #expect((result?["screenshots"] as? [String])?.count == 8)

            // What the browser did reached the server.
            let state = try await server.request(.get, "/v1/conversations/\(id)", as: org).json
            #expect(state["isHumanTakeover"] as? Bool == true)
            let messages = try await server.request(.get, "/v1/conversations/\(id)/messages", as: org).json["data"] as? [[String: Any]] ?? []
            #expect(messages.last?["role"] as? String == "USER")
            #expect(messages.last?["content"] as? String == "Hi, this is Sam from the team. Can you come in on Saturday?")
        }
    }
}
