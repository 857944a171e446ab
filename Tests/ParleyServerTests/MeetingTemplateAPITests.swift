import Foundation
import HTTPTypes
import ParleyServer
import ParleyTesting
import Testing

/// `/v1/meeting-templates`: the rules a template keeps, full replacement, and what uses it.
@Suite("Meeting templates API")
struct MeetingTemplateAPITests {
    /// A valid template body with some fields replaced or removed (`nil` removes).
    static func body(_ overrides: [String: String?] = [:]) -> String {
        var fields: [String: String] = [
            "meetingParticipants":
                #"[{"name":"Sam Recruiter","email":"sam@acme.example","isOrganizer":true},{"name":"Lee","email":"lee@acme.example"}]"#,
            "title": #""Barista interview""#,
            "openHours": #"[{"days":["MON","TUE","WED","THU","FRI"],"start":"09:00","end":"17:00"}]"#,
            "timezone": #""Europe/Berlin""#,
            "duration": "30",
            "videoConferencing": "false",
            "location": #""Roastery, Hauptstr. 1""#,
        ]
        for (key, value) in overrides { fields[key] = value }
        return "{" + fields.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}"
    }

    @Test(
        "bad templates answer 400 naming the field and the rule, and create nothing",
        arguments: [
            (["meetingParticipants": #"[{"name":"A","email":"a@x.example"}]"#], "meetingParticipants: must mark exactly one isOrganizer"),
            (
                ["meetingParticipants": #"[{"name":"A","email":"a@x.example","isOrganizer":true},{"name":"B","email":"A@x.example"}]"#],
                "meetingParticipants: must not list an email twice"
            ),
            (["meetingParticipants": #"[{"name":"A","email":"nope","isOrganizer":true}]"#], "meetingParticipants[0].email: must be an email"),
            (["timezone": #""Mars/Olympus""#], "timezone: must be an IANA time zone"),
            (["duration": "0"], "duration: must be 1 to 1440 minutes"),
            (["duration": "1441"], "duration: must be 1 to 1440 minutes"),
            (["videoConferencing": "true"], "videoConferencingProvider: is required when videoConferencing is true"),
            (["videoConferencing": "true", "videoConferencingProvider": #""ZOOM""#], "location: is not allowed when videoConferencing is true"),
            (["bufferMinutes": "7"], "bufferMinutes: must be 0 to 120, a multiple of 5"),
            (["bufferMinutes": "125"], "bufferMinutes: must be 0 to 120, a multiple of 5"),
            (["bookingWindowDays": "0"], "bookingWindowDays: must be 1 to 365"),
            (["openHours": "[]"], "openHours: must list 1 to 21 windows"),
            (["openHours": #"[{"days":["MON"],"start":"17:00","end":"09:00"}]"#], "openHours[0].end: must be after start"),
            (["title": nil], "title"),
        ])
    func rejected(overrides: [String: String?], error: String) async throws {
        try await TestServer.run(on: .sqlite) { server in
            let org = try await server.createOrganization()
            let response = try await server.request(.post, "/v1/meeting-templates", as: org, json: Self.body(overrides))
            #expect(response.status == 400)
            #expect(response.error?.contains(error) == true, "\(response.body)")
            #expect((try await server.request(.get, "/v1/meeting-templates", as: org).json["data"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("create, read, replace whole, list; a campaign books from it, so it cannot be deleted until archived", arguments: TestDatabase.available)
    func lifecycle(kind: TestDatabase) async throws {
        try await TestServer.run(on: kind) { server in
            let org = try await server.createOrganization()
            let created = try await server.request(.post, "/v1/meeting-templates", as: org, json: Self.body())
            #expect(created.status == 201, "\(created.body)")
            let id = try #require(created.json["id"] as? String)
            #expect(created.json["bookingWindowDays"] as? Int == 30)
            #expect(created.json["reminderMinutes"] as? Int == 1440)
            #expect(created.json["bufferMinutes"] as? Int == 0)
            let participants = try #require(created.json["meetingParticipants"] as? [[String: Any]])
            #expect(participants.map { $0["isOrganizer"] as? Bool } == [true, false])

            // PUT replaces everything: what is left out takes its default again.
            let video = Self.body([
                "videoConferencing": "true", "videoConferencingProvider": #""GOOGLE_MEET""#,
                "videoConferencingUrl": #""https://meet.example.com/abc""#, "location": nil, "bufferMinutes": "15",
            ])
            let replaced = try await server.request(.put, "/v1/meeting-templates/\(id)", as: org, json: video)
            #expect(replaced.status == 200, "\(replaced.body)")
            #expect(replaced.json["location"] == nil)
            #expect(replaced.json["videoConferencingProvider"] as? String == "GOOGLE_MEET")
            #expect(replaced.json["bufferMinutes"] as? Int == 15)
            let again = try await server.request(.put, "/v1/meeting-templates/\(id)", as: org, json: Self.body())
            #expect(again.json["bufferMinutes"] as? Int == 0)
            #expect(try await server.request(.get, "/v1/meeting-templates/\(id)", as: org).json["title"] as? String == "Barista interview")
            let list = try await server.request(.get, "/v1/meeting-templates?limit=1", as: org).json
            #expect((list["data"] as? [[String: Any]])?.first?["participantCount"] as? Int == 2)

            // A campaign closing with built-in scheduling names it; another organization cannot see it.
            let campaignBody = CampaignBodies.body([
                "closingMethod": #""CALENDAR_MEETING_INTEGRATION""#, "calendarMeetingTemplateId": "\"\(id)\"", "meetingUrl": nil,
            ])
            let campaign = try await server.request(.post, "/v1/campaigns", as: org, json: campaignBody)
            #expect(campaign.status == 201, "\(campaign.body)")
            let campaignID = try #require(campaign.json["id"] as? String)
            let other = try await server.createOrganization(name: "Other")
            #expect(try await server.request(.get, "/v1/meeting-templates/\(id)", as: other).status == 404)
            #expect(try await server.request(.post, "/v1/campaigns", as: other, json: campaignBody).status == 400)

            let refused = try await server.request(.delete, "/v1/meeting-templates/\(id)", as: org)
            #expect(refused.status == 409)
            #expect(refused.error?.contains(campaignID) == true)
            #expect(try await server.request(.post, "/v1/campaigns/\(campaignID)/stop", as: org).status == 200)
            #expect(try await server.request(.delete, "/v1/meeting-templates/\(id)", as: org).status == 204)
            #expect(try await server.request(.get, "/v1/meeting-templates/\(id)", as: org).status == 404)
        }
    }
}
