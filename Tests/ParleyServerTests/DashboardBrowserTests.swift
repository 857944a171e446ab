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

    @Test("sign in after a wrong password, create a campaign fixing a form error, start a conversation, watch a reply arrive, take over and send")
    func recruiterJourney() async throws {
        try await TestServer.run(on: .sqlite) { server in
            let org = try await server.createOrganization()
            _ = try await DashboardSteps.signedIn(server, org)
            let port = try #require(server.client.port)

            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [
                "python3", Self.root.appending(path: "Tests/Browser/dashboard_journey.py").path, "http://127.0.0.1:\(port)", "sam@acme.example",
                DashboardSteps.password, "Weekend barista", "Ada", org.apiKey, org.id.uuidString, "+14155550123",
                Self.root.appending(path: ".build/screenshots").path,
            ]
            let finished = try await ChildProcess.run(process)
            let result = try? JSONSerialization.jsonObject(with: finished.output) as? [String: Any]
            #expect(finished.status == 0 && result?["ok"] as? Bool == true, "\(finished.text)\n\(finished.errorText.suffix(4_000))")
            #expect((result?["screenshots"] as? [String])?.count == 11)

            // What the browser did reached the server: the campaign as typed, and the conversation taken over.
            let campaigns = try await server.request(.get, "/v1/campaigns", as: org).json["data"] as? [[String: Any]] ?? []
            try #require(campaigns.count == 1)
            #expect(campaigns[0]["campaignTitle"] as? String == "Weekend barista")
            #expect(campaigns[0]["closingMessage"] as? String == "Great, you are through!")
            let questions = campaigns[0]["questions"] as? [[String: Any]] ?? []
            #expect(questions.map { $0["content"] as? String } == ["Can you work weekends?", "When could you start?"])
            #expect(questions.map { $0["isMandatory"] as? Bool } == [true, false])
            let conversations = try await server.request(.get, "/v1/conversations", as: org).json["data"] as? [[String: Any]] ?? []
            let id = try #require(conversations.first?["id"] as? String)
            let state = try await server.request(.get, "/v1/conversations/\(id)", as: org).json
            #expect(state["isHumanTakeover"] as? Bool == true)
            let messages = try await server.request(.get, "/v1/conversations/\(id)/messages", as: org).json["data"] as? [[String: Any]] ?? []
            #expect(messages.last?["role"] as? String == "USER")
            #expect(messages.last?["content"] as? String == "Hi, this is Sam from the team. Can you come in on Saturday?")
        }
    }
}
