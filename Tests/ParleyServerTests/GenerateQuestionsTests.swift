import Foundation
import HTTPTypes
import ParleyTesting
import Testing

@Suite("Generate questions")
struct GenerateQuestionsTests {
    private static let description =
        #"{"jobDescription":"Requirements:\n- Must have a full UK driving licence.\n- 3+ years of experience in logistics.","maxQuestions":3}"#

    @Test("a job description gives questions a campaign accepts as they are")
    func generates() async throws {
        try await TestServer.run(on: .sqlite) { server in
            let org = try await server.createOrganization()
            let response = try await server.request(.post, "/v1/campaigns/generate-questions", as: org, json: Self.description)
            #expect(response.status == 200, "\(response.body)")
            let questions = try #require(response.json["questions"] as? [[String: Any]])
            #expect(
                questions.compactMap { $0["content"] as? String } == [
                    "Do you hold a valid UK driving licence?", "How many years of experience do you have in logistics?",
                ])
            #expect(questions.map { $0["isMandatory"] as? Bool } == [true, true])
            #expect(questions.last?["minimum"] as? Double == 3)

            let again = try await server.request(.post, "/v1/campaigns/generate-questions", as: org, json: Self.description)
            #expect(again.body == response.body, "the built-in generator is deterministic")

            let data = try JSONSerialization.data(withJSONObject: questions)
            let campaign = try await server.request(
                .post, "/v1/campaigns", as: org, json: CampaignBodies.body(["questions": String(decoding: data, as: UTF8.self)])
            )
            #expect(campaign.status == 201, "\(campaign.body)")
        }
    }

    @Test(
        "bad requests answer 400 naming the field",
        arguments: [
            (#"{}"#, "jobDescription: is required"),
            (#"{"jobDescription":"  "}"#, "jobDescription: must not be empty"),
            (#"{"jobDescription":"Barista","maxQuestions":11}"#, "maxQuestions: must be between 1 and 10"),
            (#"{"jobDescription":"Barista","maxQuestions":0}"#, "maxQuestions: must be between 1 and 10"),
        ]
    )
    func rejects(body: String, error: String) async throws {
        try await TestServer.run(on: .sqlite) { server in
            let org = try await server.createOrganization()
            let response = try await server.request(.post, "/v1/campaigns/generate-questions", as: org, json: body)
            #expect(response.status == 400)
            #expect(response.error == error)
        }
    }
}
