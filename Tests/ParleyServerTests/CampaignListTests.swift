import Foundation
import HTTPTypes
import ParleyCore
import ParleyTesting
import Testing

@Suite("Listing campaigns")
struct CampaignListTests {
    @Test("filters, newest first, limit and nextToken paging over real HTTP", arguments: TestDatabase.available)
    func paging(_ kind: TestDatabase) async throws {
        try await TestServer.run(on: kind) { server in
            let org = try await server.createOrganization()
            var ids: [String] = []
            for index in 0..<5 {
                let channel = index.isMultiple(of: 2) ? "SMS" : "EMAIL"
                let status = index == 4 ? "DRAFT" : "LIVE"
                let response = try await server.request(
                    .post, "/v1/campaigns", as: org,
                    json: CampaignBodies.body(["campaignTitle": "\"C\(index)\"", "channel": "\"\(channel)\"", "campaignStatus": "\"\(status)\""])
                )
                ids.append(try #require(response.json["id"] as? String))
            }
            func page(_ query: String) async throws -> (ids: [String], next: String?) {
                let response = try await server.request(.get, "/v1/campaigns\(query)", as: org)
                #expect(response.status == 200, "\(query): \(response.body)")
                let data = response.json["data"] as? [[String: Any]] ?? []
                return (data.compactMap { $0["id"] as? String }, response.json["nextToken"] as? String)
            }
            let first = try await page("?limit=2")
            #expect(first.ids.count == 2)
            let token = try #require(first.next)
            let second = try await page("?limit=2&nextToken=\(token)")
            let secondToken = try #require(second.next)
            let third = try await page("?limit=2&nextToken=\(secondToken)")
            #expect(third.next == nil)
            #expect(Set(first.ids + second.ids + third.ids) == Set(ids))
            #expect((first.ids + second.ids + third.ids).count == 5)

            #expect(Set(try await page("?channel=EMAIL").ids) == [ids[1], ids[3]])
            #expect(try await page("?campaignStatus=DRAFT").ids == [ids[4]])
            #expect(try await page("?campaignType=ENGAGEMENT_OUTREACH").ids.isEmpty)
            #expect(try await page("?campaignStatus=LIVE&channel=SMS").ids.count == 2)
        }
    }

    @Test(
        "bad query values answer 400 naming the parameter",
        arguments: [
            ("?campaignStatus=PAUSED", "campaignStatus: must be one of DRAFT, LIVE, ARCHIVED"),
            ("?campaignType=X", "campaignType: must be one of APPLICANT_OUTREACH, NEW_CANDIDATE_OUTREACH, ENGAGEMENT_OUTREACH, SCHEDULING"),
            ("?channel=sms", "channel: must be one of SMS, WHATSAPP, EMAIL"),
            ("?limit=ten", "limit: must be an integer"),
            ("?limit=0", "limit: must be between 1 and 100"),
            ("?limit=101", "limit: must be between 1 and 100"),
            ("?nextToken=abc", "nextToken: is not a page token issued by this server"),
        ]
    )
    func badQueries(query: String, error: String) async throws {
        try await TestServer.run(on: .sqlite) { server in
            let org = try await server.createOrganization()
            let response = try await server.request(.get, "/v1/campaigns\(query)", as: org)
            #expect(response.status == 400)
            #expect(response.error == error)
        }
    }
}
