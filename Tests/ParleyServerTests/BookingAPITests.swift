import Foundation
import HTTPTypes
import ParleyServer
import ParleyStore
import ParleyTesting
import SQLKit
import Testing

/// `/v1/bookings`: listing, moving and cancelling what candidates booked, with the candidate told and webhooks
/// recorded each time.
@Suite("Bookings API")
struct BookingAPITests {
    @Test("list and filter, move to a free time, cancel; the rules for past, taken, started and cancelled", arguments: TestDatabase.available)
    func lifecycle(kind: TestDatabase) async throws {
        let clock = ManualClock()
        try await TestServer.run(on: kind, clock: clock.wallClock, configure: { $0.publicURL = "https://parley.example.com" }) { server in
            let org = try await server.createOrganization()
            let (_, campaign) = try await BookingSteps.bookingCampaign(server, org)
            let first = try await BookingSteps.book(server, org, campaign: campaign, phone: "+14155551234", at: "2027-01-15T09:00:00Z")
            _ = try await BookingSteps.book(server, org, campaign: campaign, phone: "+14155559876", at: "2027-01-15T10:00:00Z")
            let id = try #require(first["id"] as? String)
            let conversationID = try #require(first["conversationId"] as? String)

            let all = try await server.request(.get, "/v1/bookings?limit=1", as: org).json
            #expect((all["data"] as? [[String: Any]])?.count == 1)
            #expect(all["nextToken"] is String)
            let mine = try await server.request(.get, "/v1/bookings?conversationId=\(conversationID)", as: org).json["data"] as? [[String: Any]]
            #expect(mine?.compactMap { $0["id"] as? String } == [id])
            let later = try await server.request(.get, "/v1/bookings?from=2027-01-15T09:30:00Z", as: org).json["data"] as? [[String: Any]]
            #expect(later?.count == 1)
            #expect(try await server.request(.get, "/v1/bookings?campaignId=x", as: org).status == 400)
            let badStatus = try await server.request(.get, "/v1/bookings?status=NOPE", as: org)
            #expect(badStatus.status == 400)
            #expect(badStatus.error?.contains("SCHEDULED, CANCELLED, COMPLETED") == true, "\(badStatus.body)")
            let other = try await server.createOrganization(name: "Other")
            #expect(try await server.request(.get, "/v1/bookings/\(id)", as: other).status == 404)
            #expect((try await server.request(.get, "/v1/bookings", as: other).json["data"] as? [Any])?.isEmpty == true)

            // Moving: not into the past, not onto the other booking, not outside open hours; a free time works.
            let path = "/v1/bookings/\(id)"
            #expect(try await server.request(.patch, path, as: org, json: #"{"start":"2027-01-14T09:00:00Z"}"#).status == 400)
            #expect(try await server.request(.patch, path, as: org, json: #"{"start":"2027-01-15T10:15:00Z"}"#).status == 409)
            #expect(try await server.request(.patch, path, as: org, json: #"{"start":"2027-01-16T10:00:00Z"}"#).status == 409)  // a Saturday
            let moved = try await server.request(.patch, path, as: org, json: #"{"start":"2027-01-15T13:00:00Z"}"#)
            #expect(moved.status == 200, "\(moved.body)")
            #expect(moved.json["end"] as? String == "2027-01-15T13:30:00.000Z")
            #expect(
                try await agentMessages(server, org, conversationID).last?.hasPrefix("Your Barista interview has moved to Fri 15 Jan, 14:00") == true)

            let cancelled = try await server.request(.post, "\(path)/cancel", as: org)
            #expect(cancelled.status == 200)
            #expect(cancelled.json["status"] as? String == "CANCELLED")
            #expect(try await server.request(.post, "\(path)/cancel", as: org).status == 409)
            #expect(try await server.request(.patch, path, as: org, json: #"{"start":"2027-01-15T14:00:00Z"}"#).status == 400)
            #expect(try await agentMessages(server, org, conversationID).last?.contains("has been cancelled") == true)
            let events = try await server.database.read { sql in
                try await sql.select().column("event").from("conversation_events").where("conversation_id", .equal, SQLBind(conversationID))
                    .where("event", .like, SQLBind("CALENDAR_%")).orderBy("created_at").all().map { try $0.decode(column: "event", as: String.self) }
            }
            #expect(events == ["CALENDAR_MEETING_SCHEDULED", "CALENDAR_MEETING_RESCHEDULED", "CALENDAR_MEETING_CANCELLED"])

            // Once its time has come, a booking is COMPLETED and can no longer be cancelled.
            clock.advance(by: 3 * 3_600)
            let second = try #require(
                (try await server.request(.get, "/v1/bookings?status=COMPLETED", as: org).json["data"] as? [[String: Any]])?.first?["id"] as? String)
            #expect(try await server.request(.post, "/v1/bookings/\(second)/cancel", as: org).status == 400)
        }
    }
}

extension BookingAPITests {
    @Test("a template with a booking still to come cannot be deleted; once deleted, its bookings keep its details", arguments: TestDatabase.available)
    func deleteTemplate(kind: TestDatabase) async throws {
        try await TestServer.run(on: kind) { server in
            let org = try await server.createOrganization()
            let (template, campaign) = try await BookingSteps.bookingCampaign(server, org)
            let booking = try #require(try await BookingSteps.book(server, org, campaign: campaign, phone: "+14155551234")["id"] as? String)
            #expect(try await server.request(.post, "/v1/campaigns/\(campaign)/stop", as: org).status == 200)
            let refused = try await server.request(.delete, "/v1/meeting-templates/\(template)", as: org)
            #expect(refused.status == 409)
            #expect(refused.error?.contains(booking) == true)
            #expect(try await server.request(.post, "/v1/bookings/\(booking)/cancel", as: org).status == 200)
            #expect(try await server.request(.delete, "/v1/meeting-templates/\(template)", as: org).status == 204)
            #expect(try await server.request(.get, "/v1/meeting-templates/\(template)", as: org).status == 404)
            #expect((try await server.request(.get, "/v1/meeting-templates", as: org).json["data"] as? [Any])?.isEmpty == true)
            let kept = try await server.request(.get, "/v1/bookings/\(booking)", as: org)
            #expect(kept.json["title"] as? String == "Barista interview")
            #expect(kept.json["timezone"] as? String == "Europe/Berlin")
        }
    }
}

/// Passing a candidate and booking through their link.
enum BookingSteps {
    /// A meeting template (Berlin, weekdays 09:00–17:00, 30 minutes) and a campaign that books from it; their ids.
    static func bookingCampaign(_ server: TestServer, _ org: TestOrganization) async throws -> (template: String, campaign: String) {
        let template = try #require(
            try await server.request(.post, "/v1/meeting-templates", as: org, json: MeetingTemplateAPITests.body()).json["id"] as? String)
        let body = CampaignBodies.body([
            "closingMethod": #""CALENDAR_MEETING_INTEGRATION""#, "calendarMeetingTemplateId": "\"\(template)\"", "meetingUrl": nil,
        ])
        let campaign = try #require(try await server.request(.post, "/v1/campaigns", as: org, json: body).json["id"] as? String)
        return (template, campaign)
    }

    /// Passes a candidate on a campaign that books from a template; returns the path of their booking link.
    static func pass(_ server: TestServer, _ org: TestOrganization, campaign: String, phone: String) async throws -> String {
        let id = try #require(try await ParleyServerTests.start(server, org, campaign: campaign, phone: phone)["id"] as? String)
        _ = try await conversation(server, org, id) { $0["status"] as? String == "ONGOING" }
        #expect(try await reply(server, org, "yes", from: phone) == 202)
        _ = try await conversation(server, org, id) { $0["status"] as? String == "COMPLETED_SCREENING_PASSED" }
        let closing = try #require(try await agentMessageCount(3, server, org, id).last)
        return String(try #require(closing.firstMatch(of: /\/book\/[0-9a-f-]+\.\d+\.[0-9a-f]+/)).0)
    }

    /// Passes the candidate, books `start` (the first free time when `nil`) through their link, and returns the
    /// booking as `GET /v1/bookings/{id}`.
    static func book(
        _ server: TestServer, _ org: TestOrganization, campaign: String, phone: String, at start: String? = nil
    ) async throws -> [String: Any] {
        let link = try await pass(server, org, campaign: campaign, phone: phone)
        let first = (try await server.request(.get, link + "/slots").json["slots"] as? [[String: Any]])?.first?["start"] as? String
        let booked = try await server.request(.post, link, json: #"{"start":"\#(try #require(start ?? first))"}"#)
        #expect(booked.status == 201, "\(booked.body)")
        let bookingID = try #require(booked.json["id"] as? String)
        return try await server.request(.get, "/v1/bookings/\(bookingID)", as: org).json
    }
}
