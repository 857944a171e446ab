import Foundation
import HTTPTypes
import ParleyAgent
import ParleyCalDAV
import ParleyCore
import ParleyServer
import ParleyTesting
import Testing

/// Checks that what the server answers is what `openapi.yaml` documents: every response of every operation and
/// status below is validated against its schema by the OpenAPI validators of Python (`openapi-schema-validator`),
/// and may carry no undocumented property.
@Suite("The contract matches the server")
struct ContractTests {
    private struct Exchange: Encodable {
        var method: String
        var path: String
        var status: Int
        var body: JSONValue
    }

    @Test("every documented response validates against openapi.yaml")
    func responsesMatchTheContract() async throws {
        let radicale = try await RadicaleServer.start()
        defer { radicale.stop() }
        let calendar = try await radicale.makeCalendar(named: "contract")
        let exchanges = try await TestServer.run(on: .sqlite, configure: { $0.allowPrivateChannelTargets = true }) { server in
            let org = try await server.createOrganization()
            var exchanges: [Exchange] = []
            func record(_ method: HTTPRequest.Method, _ template: String, _ path: String, json: String? = nil, as organization: TestOrganization?)
                async throws
            {
                let response = try await server.request(method, path, as: organization, json: json)
                exchanges.append(
                    Exchange(
                        method: method.rawValue.lowercased(), path: template, status: response.status,
                        body: (try? JSONValue(response.body)) ?? .string(response.body)))
            }
            let everyField = CampaignBodies.body([
                "company": #""Acme Coffee""#, "location": #""Berlin""#, "additionalContext": #""Keep it short and warm.""#,
                "conversationTimeout": "72", "emailChannelFallbackEnabled": "true", "customRequest": #""Ask about latte art.""#,
                "customTemplatedMessage": #""Hi {{CANDIDATE_FIRST_NAME}}! Reply STOP to opt out.""#, "agentName": #""Sam""#,
                "agentTone": #""PROFESSIONAL""#, "campaignStatus": #""DRAFT""#, "contactNumber": #""+14155551234""#,
                "customMessage": #""We will call you.""#, "maxNudges": "3", "nudgeIntervalHours": "12",
                "questions": #"""
                [{"content":"Visa sponsorship needed?","idealAnswer":"NO"},
                {"questionType":"NUMBER","content":"Years of barista experience?","minimum":1.5},
                {"questionType":"MULTIPLE_CHOICE","content":"Which shifts?","options":["Early","Late"],"idealAnswer":"Late"}]
                """#,
            ])
            try await record(.get, "/health", "/health", as: nil)
            try await record(.get, "/openapi.yaml", "/openapi.yaml", as: nil)
            try await record(.post, "/v1/campaigns", "/v1/campaigns", json: everyField, as: org)
            let id = try #require(exchanges.last?.body.object?["id"]?.string)
            try await record(.post, "/v1/campaigns", "/v1/campaigns", json: "{}", as: org)
            try await record(.post, "/v1/campaigns", "/v1/campaigns", json: CampaignBodies.valid, as: nil)
            try await record(.get, "/v1/campaigns", "/v1/campaigns?limit=1", as: org)
            try await record(.get, "/v1/campaigns", "/v1/campaigns?limit=0", as: org)
            try await record(.get, "/v1/campaigns/{campaignId}", "/v1/campaigns/\(id)", as: org)
            try await record(.get, "/v1/campaigns/{campaignId}", "/v1/campaigns/\(UUID().uuidString)", as: org)
            try await record(.get, "/v1/campaigns/{campaignId}", "/v1/campaigns/x", as: org)
            try await record(.patch, "/v1/campaigns/{campaignId}", "/v1/campaigns/\(id)", json: #"{"campaignStatus":"LIVE"}"#, as: org)
            try await record(.patch, "/v1/campaigns/{campaignId}", "/v1/campaigns/\(id)", json: #"{"channel":"EMAIL"}"#, as: org)
            try await record(.post, "/v1/campaigns/{campaignId}/stop", "/v1/campaigns/\(id)/stop", as: org)
            let hook = #"{"url":"https://93.184.216.34/hooks","events":["CONVERSATION_STARTED"],"description":"ATS"}"#
            try await record(.post, "/v1/webhooks", "/v1/webhooks", json: hook, as: org)
            let webhook = try #require(exchanges.last?.body.object?["id"]?.string)
            try await record(.post, "/v1/webhooks", "/v1/webhooks", json: #"{"url":"http://10.0.0.1/x","events":[]}"#, as: org)
            try await record(.get, "/v1/webhooks", "/v1/webhooks", as: org)
            try await record(.get, "/v1/webhooks/events", "/v1/webhooks/events", as: org)
            try await record(.get, "/v1/webhooks/{webhookId}", "/v1/webhooks/\(webhook)", as: org)
            try await record(.get, "/v1/webhooks/{webhookId}", "/v1/webhooks/\(UUID())", as: org)
            try await record(.get, "/v1/webhooks/{webhookId}", "/v1/webhooks/x", as: org)
            try await record(.patch, "/v1/webhooks/{webhookId}", "/v1/webhooks/\(webhook)", json: #"{"isActive":true}"#, as: org)
            try await record(.patch, "/v1/webhooks/{webhookId}", "/v1/webhooks/\(webhook)", json: #"{}"#, as: org)
            try await record(.patch, "/v1/webhooks/{webhookId}", "/v1/webhooks/\(UUID())", json: #"{"isActive":true}"#, as: org)
            try await record(.post, "/v1/webhooks/{webhookId}/rotate-secret", "/v1/webhooks/\(webhook)/rotate-secret", as: org)
            try await record(.post, "/v1/webhooks/{webhookId}/rotate-secret", "/v1/webhooks/x/rotate-secret", as: org)
            try await record(.post, "/v1/webhooks/{webhookId}/rotate-secret", "/v1/webhooks/\(UUID())/rotate-secret", as: org)
            try await record(.get, "/v1/webhooks/{webhookId}/deliveries", "/v1/webhooks/\(webhook)/deliveries", as: org)
            try await record(.get, "/v1/webhooks/{webhookId}/deliveries", "/v1/webhooks/\(webhook)/deliveries?limit=0", as: org)
            try await record(.get, "/v1/webhooks/{webhookId}/deliveries", "/v1/webhooks/\(UUID())/deliveries", as: org)
            let redeliver = "/v1/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver"
            try await record(.post, redeliver, "/v1/webhooks/\(webhook)/deliveries/\(UUID())/redeliver", as: org)
            try await record(.post, redeliver, "/v1/webhooks/\(webhook)/deliveries/x/redeliver", as: org)
            let test = "/v1/webhooks/{webhookId}/test"
            try await record(.post, test, "/v1/webhooks/\(webhook)/test", as: org)
            try await record(.post, test, "/v1/webhooks/x/test", as: org)
            try await record(.post, test, "/v1/webhooks/\(UUID())/test", as: org)
            try await record(.delete, "/v1/webhooks/{webhookId}", "/v1/webhooks/\(UUID())", as: org)
            try await record(.delete, "/v1/webhooks/{webhookId}", "/v1/webhooks/x", as: org)
            try await record(.delete, "/v1/webhooks/{webhookId}", "/v1/webhooks/\(webhook)", as: org)
            let templates = "/v1/meeting-templates"
            let template = "/v1/meeting-templates/{templateId}"
            try await record(.post, templates, templates, json: MeetingTemplateAPITests.body(), as: org)
            let meetingTemplate = try #require(exchanges.last?.body.object?["id"]?.string)
            try await record(.post, templates, templates, json: MeetingTemplateAPITests.body(["duration": "0"]), as: org)
            try await record(.get, templates, templates, as: org)
            try await record(.get, templates, "\(templates)?limit=0", as: org)
            try await record(.get, template, "\(templates)/\(meetingTemplate)", as: org)
            try await record(.get, template, "\(templates)/x", as: org)
            try await record(.get, template, "\(templates)/\(UUID())", as: org)
            try await record(.put, template, "\(templates)/\(meetingTemplate)", json: MeetingTemplateAPITests.body(), as: org)
            try await record(.put, template, "\(templates)/\(meetingTemplate)", json: MeetingTemplateAPITests.body(["title": nil]), as: org)
            try await record(.put, template, "\(templates)/\(UUID())", json: MeetingTemplateAPITests.body(), as: org)
            let booking = CampaignBodies.body([
                "closingMethod": #""CALENDAR_MEETING_INTEGRATION""#, "calendarMeetingTemplateId": "\"\(meetingTemplate)\"", "meetingUrl": nil,
            ])
            let bookingCampaign = try #require(try await server.request(.post, "/v1/campaigns", as: org, json: booking).json["id"] as? String)
            try await record(.delete, template, "\(templates)/\(meetingTemplate)", as: org)
            try await record(.delete, template, "\(templates)/\(UUID())", as: org)
            try await record(.delete, template, "\(templates)/x", as: org)
            let booked = try #require(try await BookingSteps.book(server, org, campaign: bookingCampaign, phone: "+14155557777")["id"] as? String)
            let bookings = "/v1/bookings"
            let bookingPath = "/v1/bookings/{bookingId}"
            try await record(.get, bookings, bookings, as: org)
            try await record(.get, bookings, "\(bookings)?status=SCHEDULED&from=2020-01-01T00:00:00Z", as: org)
            try await record(.get, bookings, "\(bookings)?conversationId=x", as: org)
            try await record(.get, bookingPath, "\(bookings)/\(booked)", as: org)
            try await record(.get, bookingPath, "\(bookings)/x", as: org)
            try await record(.get, bookingPath, "\(bookings)/\(UUID())", as: org)
            try await record(.patch, bookingPath, "\(bookings)/\(booked)", json: #"{"start":"2020-01-01T09:00:00Z"}"#, as: org)
            try await record(.patch, bookingPath, "\(bookings)/\(booked)", json: #"{"start":"2099-01-03T03:00:00Z"}"#, as: org)
            try await record(.patch, bookingPath, "\(bookings)/\(UUID())", json: #"{"start":"2099-01-01T09:00:00Z"}"#, as: org)
            let cancel = "/v1/bookings/{bookingId}/cancel"
            try await record(.post, cancel, "\(bookings)/\(booked)/cancel", as: org)
            try await record(.post, cancel, "\(bookings)/\(booked)/cancel", as: org)
            try await record(.post, cancel, "\(bookings)/\(UUID())/cancel", as: org)
            let schedule = "/v1/scheduling/conversations"
            let setUp =
                #""meetingParticipants":[{"name":"Kim","email":"kim@example.com","isOrganizer":true}],"meetingConfiguration":{"title":"Chat","openHours":[{"days":["MON"],"start":"09:00","end":"10:00"}],"timezone":"UTC","duration":30,"videoConferencing":false}"#
            let scheduled = #"{"campaignId":"\#(bookingCampaign)","firstName":"Ada","phoneNumber":"+14155556666",\#(setUp)}"#
            try await record(.post, schedule, schedule, json: scheduled, as: org)
            try await record(.post, schedule, schedule, json: scheduled, as: org)
            try await record(.post, schedule, schedule, json: scheduled.replacingOccurrences(of: "\"duration\":30", with: "\"duration\":0"), as: org)
            try await record(
                .post, schedule, schedule, json: #"{"campaignId":"\#(UUID())","firstName":"Ada","phoneNumber":"+14155556666",\#(setUp)}"#, as: org)
            let calendars = "/v1/calendar-connections"
            let calendarPath = "/v1/calendar-connections/{calendarConnectionId}"
            let connect =
                #"{"email":"kim@example.com","calendarUrl":"\#(calendar.calendarURL)","username":"\#(radicale.username)","password":"\#(radicale.password)"}"#
            try await record(.post, calendars, calendars, json: connect, as: org)
            let calendarConnection = try #require(exchanges.last?.body.object?["id"]?.string)
            try await record(.post, calendars, calendars, json: connect, as: org)
            try await record(.post, calendars, calendars, json: #"{"email":"x","calendarUrl":"ftp://x","username":"","password":""}"#, as: org)
            try await record(.get, calendars, calendars, as: org)
            try await record(.get, calendarPath, "\(calendars)/\(calendarConnection)", as: org)
            try await record(.get, calendarPath, "\(calendars)/x", as: org)
            try await record(.get, calendarPath, "\(calendars)/\(UUID())", as: org)
            try await record(.delete, calendarPath, "\(calendars)/\(calendarConnection)", as: org)
            try await record(.delete, calendarPath, "\(calendars)/\(calendarConnection)", as: org)
            try await record(.delete, calendarPath, "\(calendars)/x", as: org)
            let connections = "/v1/channel-connections"
            let connection = "/v1/channel-connections/{connectionId}"
            let email = #"{"channel":"EMAIL","provider":"SMTP","sender":"jobs@example.com","apiBaseUrl":"smtps://smtp.example.com"}"#
            try await record(.post, connections, connections, json: email, as: org)
            let emailConnection = try #require(exchanges.last?.body.object?["id"]?.string)
            try await record(.post, connections, connections, json: email, as: org)
            try await record(.post, connections, connections, json: #"{"channel":"EMAIL","provider":"TWILIO","sender":"x"}"#, as: org)
            try await record(.get, connections, connections, as: org)
            try await record(.get, connection, "/v1/channel-connections/\(emailConnection)", as: org)
            try await record(.get, connection, "/v1/channel-connections/x", as: org)
            try await record(.get, connection, "/v1/channel-connections/\(UUID())", as: org)
            try await record(.patch, connection, "/v1/channel-connections/\(emailConnection)", json: #"{"messagesPerSecond":2}"#, as: org)
            try await record(.patch, connection, "/v1/channel-connections/\(emailConnection)", json: #"{}"#, as: org)
            try await record(.patch, connection, "/v1/channel-connections/\(UUID())", json: #"{"messagesPerSecond":2}"#, as: org)
            try await record(.delete, connection, "/v1/channel-connections/\(emailConnection)", as: org)
            try await record(.delete, connection, "/v1/channel-connections/\(emailConnection)", as: org)
            try await record(.delete, connection, "/v1/channel-connections/x", as: org)
            let generate = "/v1/campaigns/generate-questions"
            try await record(.post, generate, generate, json: #"{"jobDescription":"Must have a forklift licence."}"#, as: org)
            try await record(.post, generate, generate, json: #"{"jobDescription":""}"#, as: org)
            try await record(.get, "/v1/agents", "/v1/agents", as: org)
            try await record(.get, "/v1/templates", "/v1/templates", as: org)
            try await record(.get, "/v1/organization", "/v1/organization", as: org)
            try await record(.get, "/v1/organization", "/v1/organization", as: nil)
            try await record(.get, "/v1/organization/config", "/v1/organization/config", as: org)
            let hours = #"{"businessHours":{"days":["MON","SAT"],"start":"08:30","end":"24:00"}}"#
            try await record(.patch, "/v1/organization/config", "/v1/organization/config", json: hours, as: org)
            try await record(.patch, "/v1/organization/config", "/v1/organization/config", json: "{}", as: org)
            try await record(.get, "/v1/organization/config", "/v1/organization/config", as: nil)

            let live = try #require(try await server.request(.post, "/v1/campaigns", as: org, json: CampaignBodies.valid).json["id"] as? String)
            let start = #"{"campaignId":"\#(live)","firstName":"Ada","lastName":"Lovelace","phoneNumber":"+14155551234","externalId":"ats-1"}"#
            try await record(.post, "/v1/conversations", "/v1/conversations", json: start, as: org)
            let conversation = try #require(exchanges.last?.body.object?["id"]?.string)
            try await record(.post, "/v1/conversations", "/v1/conversations", json: start, as: org)
            try await record(.post, "/v1/conversations", "/v1/conversations", json: #"{"campaignId":"\#(live)"}"#, as: org)
            try await record(.post, "/v1/conversations", "/v1/conversations", json: #"{"campaignId":"\#(UUID())","firstName":"A"}"#, as: org)
            try await record(
                .post, "/v1/conversations/bulk", "/v1/conversations/bulk",
                json: #"{"campaignId":"\#(live)","contacts":[{"firstName":"Grace","phoneNumber":"+14155555678"},{"firstName":"X"}]}"#, as: org
            )
            try await server.settle()
            try await record(.get, "/v1/conversations", "/v1/conversations?limit=1", as: org)
            try await record(.get, "/v1/conversations/{conversationId}", "/v1/conversations/\(conversation)", as: org)
            try await record(.get, "/v1/conversations/{conversationId}/messages", "/v1/conversations/\(conversation)/messages", as: org)
            try await record(
                .post, "/v1/sandbox/inbound", "/v1/sandbox/inbound", json: #"{"channel":"SMS","from":"+14155551234","content":"yes"}"#, as: org
            )
            try await record(
                .post, "/v1/sandbox/inbound", "/v1/sandbox/inbound", json: #"{"channel":"SMS","from":"+14155550000","content":"hi"}"#, as: org
            )
            try await server.settle()
            try await record(.post, "/v1/conversations/{conversationId}/takeover", "/v1/conversations/\(conversation)/takeover", as: org)
            try await record(
                .post, "/v1/conversations/{conversationId}/messages", "/v1/conversations/\(conversation)/messages",
                json: #"{"content":"Hi, Sam here."}"#, as: org
            )
            try await record(
                .post, "/v1/conversations/{conversationId}/hand-to-agent", "/v1/conversations/\(conversation)/hand-to-agent", as: org
            )
            try await record(.get, "/v1/conversations/{conversationId}", "/v1/conversations/\(UUID())", as: org)
            return exchanges
        }
        #expect(Set(exchanges.map(\.status)) == [200, 201, 202, 204, 400, 401, 404, 409])

        let directory = FileManager.default.temporaryDirectory.appending(path: "parley-contract-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let recorded = directory.appending(path: "exchanges.json")
        try JSONEncoder().encode(exchanges).write(to: recorded)

        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", root.appending(path: "Tests/Contract/check_responses.py").path, root.appending(path: "openapi.yaml").path, recorded.path,
        ]
        let finished = try await ChildProcess.run(process)
        let text = finished.text + finished.errorText
        #expect(finished.status == 0, "\(text)")
        #expect(text.contains("\(exchanges.count) responses checked, 0 problems"), "\(text)")
    }
}

extension JSONValue {
    /// A recorded body, parsed.
    init(_ text: String) throws {
        self = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    var object: [String: JSONValue]? { if case .object(let value) = self { value } else { nil } }
    var string: String? { if case .string(let value) = self { value } else { nil } }
}
