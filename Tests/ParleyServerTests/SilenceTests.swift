import Foundation
import HTTPTypes
import ParleyCore
import ParleyStore
import ParleyTesting
import Testing

/// Candidates who go quiet: follow-ups, the record that they all went out, and the timeout, driven by a
/// manual clock the tests move (nothing sleeps for hours).
@Suite("Silence and follow-ups")
struct SilenceTests {
    private static let hour: TimeInterval = 3600

    private func campaign(_ server: TestServer, _ org: TestOrganization, questions: Int = 1) async throws -> String {
        let list = (1...questions).map { #"{"content":"Question \#($0)?"}"# }.joined(separator: ",")
        let response = try await server.request(.post, "/v1/campaigns", as: org, json: CampaignBodies.body(["questions": "[\(list)]"]))
        return try #require(response.json["id"] as? String, "\(response.body)")
    }

    /// The events recorded for the conversation, oldest first, each with its `nudgesSent` when it has one.
    private func events(_ server: TestServer, _ id: String) async throws -> [String] {
        let conversationID = try #require(Conversation.ID(uuidString: id))
        return try await server.database.read { sql in
            try await ConversationRepository.events(of: conversationID, on: sql).map { event in
                let nudges = (try? JSONSerialization.jsonObject(with: Data(event.data.utf8)) as? [String: Any])?["nudgesSent"] as? Int
                return nudges.map { "\(event.event) \($0)" } ?? event.event
            }
        }
    }

    @Test("a quiet candidate gets each follow-up, then the last is recorded, then the conversation closes", arguments: TestDatabase.available)
    func quietCandidate(_ kind: TestDatabase) async throws {
        let clock = ManualClock()
        try await TestServer.run(on: kind, clock: clock.wallClock) { server in
            let org = try await server.createOrganization()
            let id = try #require(try await start(server, org, campaign: try await campaign(server, org))["id"] as? String)
            _ = try await conversation(server, org, id) { $0["status"] as? String == "ONGOING" }
            #expect(try await agentMessageCount(2, server, org, id).count == 2)

            clock.advance(by: 8 * Self.hour - 60)
            try await server.settle()
            #expect(try await agentMessages(server, org, id).count == 2, "no follow-up before eight hours")

            clock.advance(by: 60)
            let first = try await agentMessageCount(3, server, org, id)
            #expect(first.count == 3)
            #expect(first.last?.contains("just checking in") == true && first.last?.contains("Question 1?") == true)
            #expect(try await events(server, id) == ["CONVERSATION_STARTED"])

            clock.advance(by: 8 * Self.hour)
            let second = try await agentMessageCount(4, server, org, id)
            #expect(second.last?.contains("one last nudge") == true)
            try await server.settle()
            #expect(try await events(server, id) == ["CONVERSATION_STARTED", "CONVERSATION_MAX_NUDGES_REACHED 2"])

            clock.advance(by: 32 * Self.hour - 60)
            try await server.settle()
            #expect(try await server.request(.get, "/v1/conversations/\(id)", as: org).json["status"] as? String == "ONGOING")
            clock.advance(by: 60)
            let closed = try await conversation(server, org, id) { $0["status"] as? String == "CLOSED" }
            #expect(closed["status"] as? String == "CLOSED")
            try await server.settle()
            #expect(try await agentMessages(server, org, id).count == 4, "closing on timeout sends nothing, and no more follow-ups")
            #expect(try await events(server, id) == ["CONVERSATION_STARTED", "CONVERSATION_MAX_NUDGES_REACHED 2", "CONVERSATION_COMPLETED"])
        }
    }

    @Test("a reply starts the count again: stale follow-ups and the old timeout do nothing", arguments: TestDatabase.available)
    func replyResets(_ kind: TestDatabase) async throws {
        let clock = ManualClock()
        try await TestServer.run(on: kind, clock: clock.wallClock) { server in
            let org = try await server.createOrganization()
            let id = try #require(try await start(server, org, campaign: try await campaign(server, org, questions: 2))["id"] as? String)
            _ = try await conversation(server, org, id) { $0["status"] as? String == "ONGOING" }
            clock.advance(by: 8 * Self.hour)
            _ = try await agentMessageCount(3, server, org, id)

            #expect(try await reply(server, org, "yes") == 202)
            let asked = try await agentMessageCount(4, server, org, id)
            #expect(asked.last == "Question 2?")

            clock.advance(by: 8 * Self.hour)
            let nudged = try await agentMessageCount(5, server, org, id)
            #expect(nudged.last?.contains("just checking in") == true, "the count restarted at the first follow-up")

            clock.advance(by: 33 * Self.hour)
            try await server.settle()
            let stillOpen = try await server.request(.get, "/v1/conversations/\(id)", as: org).json
            #expect(stillOpen["status"] as? String == "ONGOING", "the timeout counts from the last turn, not the first message")

            clock.advance(by: 7 * Self.hour)
            _ = try await conversation(server, org, id) { $0["status"] as? String == "CLOSED" }
            let messages = try await agentMessages(server, org, id)
            #expect(messages.count == 6 && messages.last?.contains("one last nudge") == true)
        }
    }

    @Test("a campaign without follow-ups sends none, and still times out", arguments: TestDatabase.available)
    func noNudges(_ kind: TestDatabase) async throws {
        let clock = ManualClock()
        try await TestServer.run(on: kind, clock: clock.wallClock) { server in
            let org = try await server.createOrganization()
            let body = CampaignBodies.body(["maxNudges": "0", "conversationTimeout": "24"])
            let campaignID = try #require(try await server.request(.post, "/v1/campaigns", as: org, json: body).json["id"] as? String)
            let id = try #require(try await start(server, org, campaign: campaignID)["id"] as? String)
            _ = try await conversation(server, org, id) { $0["status"] as? String == "ONGOING" }
            clock.advance(by: 24 * Self.hour)
            _ = try await conversation(server, org, id) { $0["status"] as? String == "CLOSED" }
            #expect(try await agentMessages(server, org, id).count == 2)
            #expect(try await events(server, id) == ["CONVERSATION_STARTED", "CONVERSATION_COMPLETED"])
        }
    }
}
