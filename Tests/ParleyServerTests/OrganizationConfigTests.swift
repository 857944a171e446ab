import Foundation
import HTTPTypes
import ParleyCore
import ParleyStore
import ParleyTesting
import Testing

@Suite("Organization configuration")
struct OrganizationConfigTests {
    private static let weekendAfternoons = #"{"businessHours":{"days":["SAT","SUN"],"start":"13:00","end":"15:30"}}"#

    @Test("business hours default to weekdays 09:00–17:00 and change with PATCH", arguments: TestDatabase.available)
    func roundTrip(_ kind: TestDatabase) async throws {
        try await TestServer.run(on: kind) { server in
            let org = try await server.createOrganization()
            let initial = try await server.request(.get, "/v1/organization/config", as: org)
            #expect(initial.status == 200)
            #expect(initial.json["organizationId"] as? String == org.id.uuidString)
            let hours = initial.json["businessHours"] as? [String: Any]
            #expect(hours?["days"] as? [String] == ["MON", "TUE", "WED", "THU", "FRI"])
            #expect(hours?["start"] as? String == "09:00" && hours?["end"] as? String == "17:00")

            let patched = try await server.request(.patch, "/v1/organization/config", as: org, json: Self.weekendAfternoons)
            #expect(patched.status == 200, "\(patched.body)")
            let read = try await server.request(.get, "/v1/organization/config", as: org).json["businessHours"] as? [String: Any]
            #expect(read?["days"] as? [String] == ["SAT", "SUN"])
            #expect(read?["start"] as? String == "13:00" && read?["end"] as? String == "15:30")

            let other = try await server.createOrganization(name: "Other")
            let untouched = try await server.request(.get, "/v1/organization/config", as: other).json["businessHours"] as? [String: Any]
            #expect(untouched?["days"] as? [String] == ["MON", "TUE", "WED", "THU", "FRI"], "each organization has its own hours")
        }
    }

    @Test(
        "bad business hours answer 400 naming the field and change nothing",
        arguments: [
            (#"{"businessHours":{"days":["MON"],"start":"17:00","end":"09:00"}}"#, "businessHours.end: must be after start"),
            (#"{"businessHours":{"days":["MON"],"start":"9am","end":"17:00"}}"#, "businessHours.start: must be a time of day as HH:MM, like 09:00"),
            (#"{"businessHours":{"days":["MON"],"start":"09:00","end":"25:00"}}"#, "businessHours.end: must be a time of day as HH:MM, like 17:00"),
            (#"{"businessHours":{"days":[],"start":"09:00","end":"17:00"}}"#, "businessHours.days: must list at least one day"),
            (#"{"businessHours":{"days":["MON","MON"],"start":"09:00","end":"17:00"}}"#, "businessHours.days: must not repeat a day"),
            (
                #"{"businessHours":{"days":["FUNDAY"],"start":"09:00","end":"17:00"}}"#,
                "businessHours.days[0]: must be one of MON, TUE, WED, THU, FRI, SAT, SUN"
            ),
            (#"{}"#, "body: must contain at least one field to update"),
        ]
    )
    func rejects(body: String, error: String) async throws {
        try await TestServer.run(on: .sqlite) { server in
            let org = try await server.createOrganization()
            let response = try await server.request(.patch, "/v1/organization/config", as: org, json: body)
            #expect(response.status == 400)
            #expect(response.error == error)
            let hours = try await server.request(.get, "/v1/organization/config", as: org).json["businessHours"] as? [String: Any]
            #expect(hours?["start"] as? String == "09:00")
        }
    }

    @Test("a conversation sent during business hours waits for the organization's own hours", arguments: TestDatabase.available)
    func ownHours(_ kind: TestDatabase) async throws {
        let saturdayNoonInLondon = try Date("2026-11-28T12:00:00Z", strategy: .iso8601)
        try await TestServer.run(on: kind, clock: WallClock { saturdayNoonInLondon }) { server in
            let org = try await server.createOrganization()
            _ = try await server.request(.patch, "/v1/organization/config", as: org, json: Self.weekendAfternoons)
            let campaign = try await server.request(.post, "/v1/campaigns", as: org, json: CampaignBodies.valid).json["id"] as? String
            let created = try await server.request(
                .post, "/v1/conversations", as: org,
                json: #"{"campaignId":"\#(campaign ?? "")","firstName":"Ada","phoneNumber":"+447911123456","shouldSendDuringBusinessHours":true}"#
            )
            #expect(created.status == 201)
            let pending = try await JobQueue(database: server.database).list(status: .pending)
            #expect(pending.map(\.runAt) == [try Date("2026-11-28T13:00:00Z", strategy: .iso8601)])
        }
    }
}
