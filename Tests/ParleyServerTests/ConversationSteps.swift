import Foundation
import HTTPTypes
import ParleyTesting
import Testing

// Steps of a conversation through the HTTP API, shared by the conversation tests.

func start(_ server: TestServer, _ org: TestOrganization, campaign: String, phone: String = "+14155551234") async throws -> [String: Any] {
    let response = try await server.request(
        .post, "/v1/conversations", as: org, json: #"{"campaignId":"\#(campaign)","firstName":"Ada","phoneNumber":"\#(phone)"}"#
    )
    #expect(response.status == 201, "\(response.body)")
    return response.json
}

func reply(_ server: TestServer, _ org: TestOrganization, _ text: String, from phone: String = "+14155551234") async throws -> Int {
    try await server.request(.post, "/v1/sandbox/inbound", as: org, json: #"{"channel":"SMS","from":"\#(phone)","content":"\#(text)"}"#).status
}

/// The conversation once `condition` holds, polling the API for up to ten seconds.
func conversation(
    _ server: TestServer, _ org: TestOrganization, _ id: String, until condition: ([String: Any]) -> Bool
) async throws -> [String: Any] {
    let deadline = ContinuousClock.now + .seconds(10)
    while true {
        let json = try await server.request(.get, "/v1/conversations/\(id)", as: org).json
        if condition(json) || ContinuousClock.now > deadline { return json }
        try await Task.sleep(for: .milliseconds(20))
    }
}

func agentMessages(_ server: TestServer, _ org: TestOrganization, _ id: String) async throws -> [String] {
    let data = try await server.request(.get, "/v1/conversations/\(id)/messages", as: org).json["data"] as? [[String: Any]] ?? []
    return data.filter { $0["role"] as? String == "AGENT" }.compactMap { $0["content"] as? String }
}

func agentMessageCount(_ count: Int, _ server: TestServer, _ org: TestOrganization, _ id: String) async throws -> [String] {
    let deadline = ContinuousClock.now + .seconds(10)
    while true {
        let messages = try await agentMessages(server, org, id)
        if messages.count >= count || ContinuousClock.now > deadline { return messages }
        try await Task.sleep(for: .milliseconds(20))
    }
}
