import Foundation
import HTTPTypes
import ParleyCalDAV
import ParleyServer
import ParleyTesting
import Testing

/// Every `/v1` operation of `openapi.yaml`, called with another organization's key on the owner's resources: each
/// answers 404 or shows only the caller's own data, and the owner's resources are unchanged afterwards. An
/// operation added to the contract without a case here fails the test.
@Suite("Tenant isolation")
struct TenantIsolationTests {
    /// What the intruder's call must come to.
    private enum Expectation {
        /// 404: the owner's resource does not exist for the caller.
        case notFound
        /// The caller's own data: any status below 500, and no id of the owner's in the answer.
        case ownDataOnly
        /// Outside the organizations (the service endpoints).
        case unauthenticated
    }

    /// One call of an operation, as the intruder makes it.
    private struct Call {
        var method: HTTPRequest.Method
        var path: String
        var json: String?
        var expectation: Expectation
    }

    /// The owner's resources.
    private struct Owner {
        var org: TestOrganization
        var campaign: String
        var bookingCampaign: String
        var conversation: String
        var phone: String
        var webhook: String
        var delivery: String
        var template: String
        var booking: String
        var connection: String
        var calendarConnection: String
        var calendarPassword: String
        var smtpPassword: String

        var ids: [String] { [campaign, bookingCampaign, conversation, webhook, delivery, template, booking, connection, calendarConnection] }

        /// What the owner sees of each resource; compared before and after the intruder's calls.
        func snapshot(_ server: TestServer) async throws -> [String: String] {
            var seen: [String: String] = [:]
            for path in [
                "/v1/campaigns/\(campaign)", "/v1/campaigns/\(bookingCampaign)", "/v1/conversations/\(conversation)",
                "/v1/conversations/\(conversation)/messages", "/v1/webhooks/\(webhook)", "/v1/meeting-templates/\(template)",
                "/v1/bookings/\(booking)", "/v1/channel-connections/\(connection)", "/v1/calendar-connections/\(calendarConnection)",
                "/v1/organization", "/v1/organization/config", "/v1/campaigns", "/v1/conversations", "/v1/bookings", "/v1/webhooks",
            ] {
                let response = try await server.request(.get, path, as: org)
                #expect(response.status == 200, "\(path): \(response.body)")
                seen[path] = response.body
            }
            return seen
        }
    }

    /// The intruder's call for each operation of the contract.
    private static func calls(_ owner: Owner, intruderPhone: String) -> [String: [Call]] {
        let campaign = owner.campaign
        let conversation = owner.conversation
        let webhook = owner.webhook
        let start = #"{"campaignId":"\#(campaign)","firstName":"Eve","phoneNumber":"\#(intruderPhone)"}"#
        let setUp =
            #""meetingParticipants":[{"name":"Kim","email":"kim@example.com","isOrganizer":true}],"meetingConfiguration":{"title":"Chat","openHours":[{"days":["MON"],"start":"09:00","end":"10:00"}],"timezone":"UTC","duration":30,"videoConferencing":false}"#
        func call(_ method: HTTPRequest.Method, _ path: String, _ json: String? = nil, _ expectation: Expectation = .notFound) -> [Call] {
            [Call(method: method, path: path, json: json, expectation: expectation)]
        }
        return [
            "getHealth": call(.get, "/health", nil, .unauthenticated),
            "getOpenAPIDocument": call(.get, "/openapi.yaml", nil, .unauthenticated),
            "listCampaigns": call(.get, "/v1/campaigns", nil, .ownDataOnly),
            "createCampaign": call(.post, "/v1/campaigns", CampaignBodies.valid, .ownDataOnly),
            "generateQuestions": call(.post, "/v1/campaigns/generate-questions", #"{"jobDescription":"Must have a licence."}"#, .ownDataOnly),
            "getCampaign": call(.get, "/v1/campaigns/\(campaign)"),
            "updateCampaign": call(.patch, "/v1/campaigns/\(campaign)", #"{"campaignTitle":"Taken over"}"#),
            "stopCampaign": call(.post, "/v1/campaigns/\(campaign)/stop", #"{"cancellationMessage":"Bye"}"#),
            "listConversations": call(.get, "/v1/conversations?campaignId=\(campaign)", nil, .ownDataOnly)
                + call(.get, "/v1/conversations?externalCampaignId=ats-owner", nil, .ownDataOnly),
            "createConversation": call(.post, "/v1/conversations", start),
            "createConversationsInBulk": call(
                .post, "/v1/conversations/bulk", #"{"campaignId":"\#(campaign)","contacts":[{"firstName":"Eve","phoneNumber":"\#(intruderPhone)"}]}"#),
            "getConversation": call(.get, "/v1/conversations/\(conversation)"),
            "listConversationMessages": call(.get, "/v1/conversations/\(conversation)/messages"),
            "sendRecruiterMessage": call(.post, "/v1/conversations/\(conversation)/messages", #"{"content":"Send me your passport"}"#),
            "takeOverConversation": call(.post, "/v1/conversations/\(conversation)/takeover"),
            "handConversationToAgent": call(.post, "/v1/conversations/\(conversation)/hand-to-agent"),
            // The owner's candidate's number, from the intruder's sandbox: it reaches none of the owner's conversations.
            "receiveSandboxMessage": call(
                .post, "/v1/sandbox/inbound", #"{"channel":"SMS","from":"\#(owner.phone)","content":"STOP"}"#, .ownDataOnly),
            "listAgents": call(.get, "/v1/agents", nil, .ownDataOnly),
            "listTemplates": call(.get, "/v1/templates", nil, .ownDataOnly),
            "getOrganization": call(.get, "/v1/organization", nil, .ownDataOnly),
            "getOrganizationConfig": call(.get, "/v1/organization/config", nil, .ownDataOnly),
            "updateOrganizationConfig": call(
                .patch, "/v1/organization/config", #"{"businessHours":{"days":["SUN"],"start":"01:00","end":"02:00"}}"#, .ownDataOnly),
            "listWebhooks": call(.get, "/v1/webhooks", nil, .ownDataOnly),
            "createWebhook": call(.post, "/v1/webhooks", #"{"url":"http://127.0.0.1:9/hooks","events":["CONVERSATION_STARTED"]}"#, .ownDataOnly),
            "listWebhookEvents": call(.get, "/v1/webhooks/events", nil, .ownDataOnly),
            "getWebhook": call(.get, "/v1/webhooks/\(webhook)"),
            "updateWebhook": call(.patch, "/v1/webhooks/\(webhook)", #"{"url":"http://127.0.0.1:9/stolen"}"#),
            "deleteWebhook": call(.delete, "/v1/webhooks/\(webhook)"),
            "testWebhook": call(.post, "/v1/webhooks/\(webhook)/test"),
            "rotateWebhookSecret": call(.post, "/v1/webhooks/\(webhook)/rotate-secret"),
            "listWebhookDeliveries": call(.get, "/v1/webhooks/\(webhook)/deliveries"),
            "redeliverWebhookDelivery": call(.post, "/v1/webhooks/\(webhook)/deliveries/\(owner.delivery)/redeliver"),
            "listChannelConnections": call(.get, "/v1/channel-connections", nil, .ownDataOnly),
            "createChannelConnection": call(
                .post, "/v1/channel-connections",
                #"{"channel":"EMAIL","provider":"SMTP","sender":"eve@example.com","apiBaseUrl":"smtps://smtp.example.com"}"#, .ownDataOnly),
            "getChannelConnection": call(.get, "/v1/channel-connections/\(owner.connection)"),
            "updateChannelConnection": call(.patch, "/v1/channel-connections/\(owner.connection)", #"{"messagesPerSecond":2}"#),
            "deleteChannelConnection": call(.delete, "/v1/channel-connections/\(owner.connection)"),
            "listMeetingTemplates": call(.get, "/v1/meeting-templates", nil, .ownDataOnly),
            "createMeetingTemplate": call(.post, "/v1/meeting-templates", MeetingTemplateAPITests.body(), .ownDataOnly),
            "getMeetingTemplate": call(.get, "/v1/meeting-templates/\(owner.template)"),
            "replaceMeetingTemplate": call(.put, "/v1/meeting-templates/\(owner.template)", MeetingTemplateAPITests.body()),
            "deleteMeetingTemplate": call(.delete, "/v1/meeting-templates/\(owner.template)"),
            "listBookings": call(.get, "/v1/bookings?campaignId=\(owner.bookingCampaign)", nil, .ownDataOnly),
            "getBooking": call(.get, "/v1/bookings/\(owner.booking)"),
            "rescheduleBooking": call(.patch, "/v1/bookings/\(owner.booking)", #"{"start":"2099-01-05T09:00:00Z"}"#),
            "cancelBooking": call(.post, "/v1/bookings/\(owner.booking)/cancel"),
            "scheduleConversation": call(
                .post, "/v1/scheduling/conversations",
                #"{"campaignId":"\#(owner.bookingCampaign)","firstName":"Eve","phoneNumber":"\#(intruderPhone)",\#(setUp)}"#),
            "listCalendarConnections": call(.get, "/v1/calendar-connections", nil, .ownDataOnly),
            "createCalendarConnection": call(
                .post, "/v1/calendar-connections", #"{"email":"eve@example.com","calendarUrl":"ftp://x","username":"","password":""}"#,
                .ownDataOnly),
            "getCalendarConnection": call(.get, "/v1/calendar-connections/\(owner.calendarConnection)"),
            "deleteCalendarConnection": call(.delete, "/v1/calendar-connections/\(owner.calendarConnection)"),
        ]
    }

    /// The operations `openapi.yaml` documents, as the server serves it.
    private static func documentedOperations(_ server: TestServer) async throws -> Set<String> {
        let document = try await server.request(.get, "/openapi.yaml").body
        return Set(document.matches(of: /operationId:\s*(\w+)/).map { String($0.1) })
    }

    @Test("another organization's key finds none of the owner's resources through any operation, and changes nothing")
    func everyOperation() async throws {
        let radicale = try await RadicaleServer.start()
        defer { radicale.stop() }
        let calendar = try await radicale.makeCalendar(named: "owner")
        try await TestServer.run(
            on: .sqlite,
            configure: {
                $0.allowPrivateChannelTargets = true
                $0.allowPrivateWebhookTargets = true
            }
        ) { server in
            let owner = try await Self.makeOwner(server, calendarURL: calendar.calendarURL.absoluteString, radicale: radicale)
            let intruder = try await server.createOrganization(name: "Intruder")
            try await server.settle()
            let before = try await owner.snapshot(server)

            let calls = Self.calls(owner, intruderPhone: "+14155550999")
            let documented = try await Self.documentedOperations(server)
            #expect(documented.count > 40)
            #expect(Set(calls.keys) == documented, "every documented operation has a case, and every case is documented")
            var answers: [String] = []
            for (operation, operationCalls) in calls.sorted(by: { $0.key < $1.key }) {
                for call in operationCalls {
                    let response = try await server.request(
                        call.method, call.path, as: call.expectation == .unauthenticated ? nil : intruder, json: call.json)
                    answers.append(response.body)
                    switch call.expectation {
                    case .notFound:
                        #expect(response.status == 404, "\(operation) \(call.path): \(response.status) \(response.body)")
                    case .ownDataOnly, .unauthenticated:
                        #expect(response.status < 500, "\(operation): \(response.status) \(response.body)")
                        for id in owner.ids {
                            #expect(!response.body.contains(id), "\(operation) shows the owner's \(id)")
                        }
                    }
                }
            }
            try await server.settle()
            let after = try await owner.snapshot(server)
            for (path, body) in before {
                #expect(after[path] == body, "\(path) changed")
            }
            // No answer, the owner's included, ever carries a stored secret.
            answers += after.values
            for secret in [owner.smtpPassword, owner.calendarPassword, owner.org.apiKey, intruder.apiKey] {
                #expect(!answers.contains { $0.contains(secret) }, "a response carries a secret")
            }
        }
    }

    private static func makeOwner(_ server: TestServer, calendarURL: String, radicale: RadicaleServer) async throws -> Owner {
        let org = try await server.createOrganization(name: "Owner")
        let hook = try await server.request(
            .post, "/v1/webhooks", as: org, json: #"{"url":"http://127.0.0.1:9/owner","events":["CONVERSATION_STARTED"]}"#)
        let webhook = try #require(hook.json["id"] as? String)
        let campaign = try #require(
            try await server.request(.post, "/v1/campaigns", as: org, json: CampaignBodies.body(["externalCampaignId": #""ats-owner""#])).json[
                "id"] as? String)
        let phone = "+14155551234"
        let conversation = try #require(try await start(server, org, campaign: campaign, phone: phone)["id"] as? String)
        _ = try await agentMessageCount(2, server, org, conversation)
        try await server.settle()
        // The attempt to the closed port failed; the delivery stays in the log, its retry far off.
        let deliveries = try await server.request(.get, "/v1/webhooks/\(webhook)/deliveries", as: org).json["data"] as? [[String: Any]]
        let delivery = try #require(deliveries?.first?["id"] as? String)
        _ = try await server.request(.patch, "/v1/webhooks/\(webhook)", as: org, json: #"{"isActive":false}"#)

        let (template, bookingCampaign) = try await BookingSteps.bookingCampaign(server, org)
        let booking = try #require(try await BookingSteps.book(server, org, campaign: bookingCampaign, phone: "+14155557777")["id"] as? String)
        try await server.settle()

        let smtpPassword = "smtp-secret-\(UUID().uuidString)"
        let connection = try #require(
            try await server.request(
                .post, "/v1/channel-connections", as: org,
                json:
                    #"{"channel":"EMAIL","provider":"SMTP","sender":"jobs@example.com","apiBaseUrl":"smtps://127.0.0.1:9","credentials":{"username":"jobs","password":"\#(smtpPassword)"}}"#
            ).json["id"] as? String)
        let connect =
            #"{"email":"kim@example.com","calendarUrl":"\#(calendarURL)","username":"\#(radicale.username)","password":"\#(radicale.password)"}"#
        let calendarResponse = try await server.request(.post, "/v1/calendar-connections", as: org, json: connect)
        let calendarConnection = try #require(calendarResponse.json["id"] as? String, "\(calendarResponse.body)")
        return Owner(
            org: org, campaign: campaign, bookingCampaign: bookingCampaign, conversation: conversation, phone: phone, webhook: webhook,
            delivery: delivery, template: template, booking: booking, connection: connection, calendarConnection: calendarConnection,
            calendarPassword: radicale.password, smtpPassword: smtpPassword)
    }
}
