import Foundation
import HTTPTypes
import ParleyCore
import ParleyServer
import ParleyStore
import ParleyTesting
import SQLKit
import Testing

/// Booking inside the conversation: a candidate who passes is offered the three earliest times and books by
/// naming one; SCHEDULING campaigns skip the screening and end COMPLETED on a booking or CLOSED after a week.
/// The manual clock starts on Friday 15 January 2027, 09:00 in Berlin, the template's zone.
@Suite("Booking in the conversation")
struct ConversationBookingTests {
    @Test("a passed candidate is offered three times, asked again when unclear, and books the one they name", arguments: TestDatabase.available)
    func bookByReply(kind: TestDatabase) async throws {
        let clock = ManualClock()
        try await TestServer.run(on: kind, clock: clock.wallClock, configure: { $0.publicURL = "https://parley.example.com" }) { server in
            let org = try await server.createOrganization()
            let (_, campaign) = try await BookingSteps.bookingCampaign(server, org)
            let link = try await BookingSteps.pass(server, org, campaign: campaign, phone: "+14155551234")
            let id = try #require(link.split(separator: "/").last?.split(separator: ".").first.map(String.init))
            let closing = try #require(try await agentMessages(server, org, id).last)
            // A US number spans several zones, so the times are shown in the template's.
            #expect(closing.contains("Here are the next free times for your interview (Europe/Berlin time):"), "\(closing)")
            #expect(closing.contains("1) Fri 15 Jan, 09:00\n2) Fri 15 Jan, 09:15\n3) Fri 15 Jan, 09:30"), "\(closing)")
            #expect(closing.contains("Reply 1, 2 or 3 to book one, or pick another time here: https://parley.example.com/book/"))

            #expect(try await reply(server, org, "hmm, maybe next week?") == 202)
            let again = try await agentMessageCount(4, server, org, id)
            #expect(again.last?.hasPrefix("Sorry, I couldn't tell which time suits you.") == true, "\(again)")
            #expect(try await bookings(server, org, id).isEmpty)

            #expect(try await reply(server, org, "the 9.15 one works") == 202)
            let booked = try await agentMessageCount(5, server, org, id)
            #expect(
                booked.last == "You're booked for Barista interview on Fri 15 Jan, 09:15 (Europe/Berlin), 30 minutes. Where: Roastery, Hauptstr. 1.")
            let made = try await bookings(server, org, id)
            #expect(made.map { $0["start"] as? String } == ["2027-01-15T08:15:00.000Z"])
            let state = try await server.request(.get, "/v1/conversations/\(id)", as: org).json
            #expect(state["status"] as? String == "COMPLETED_SCREENING_PASSED")
            let recorded = try await events(server, id)
            #expect(recorded.filter { $0.hasPrefix("CALENDAR_") } == ["CALENDAR_MEETING_SCHEDULED"], "\(recorded)")

            // The offer is over: another "2" reaches no conversation (404) and books nothing more.
            #expect(try await reply(server, org, "2") == 404)
            try await server.settle()
            let after = try await agentMessages(server, org, id)
            #expect(after.count == 5, "\(after)")
            #expect(try await bookings(server, org, id).count == 1)
        }
    }

    @Test("a time taken before the reply is read brings new times; two unclear replies hand over to a person", arguments: TestDatabase.available)
    func takenAndUnclear(kind: TestDatabase) async throws {
        let clock = ManualClock()
        try await TestServer.run(on: kind, clock: clock.wallClock, configure: { $0.publicURL = "https://parley.example.com" }) { server in
            let org = try await server.createOrganization()
            let (_, campaign) = try await BookingSteps.bookingCampaign(server, org)
            let first = try await BookingSteps.pass(server, org, campaign: campaign, phone: "+14155551234")
            let firstID = try #require(first.split(separator: "/").last?.split(separator: ".").first.map(String.init))
            // Someone else takes 09:00 through their page while the first candidate still has it on offer.
            _ = try await BookingSteps.book(server, org, campaign: campaign, phone: "+14155559876", at: "2027-01-15T08:00:00Z")

            #expect(try await reply(server, org, "1", from: "+14155551234") == 202)
            let answer = try #require(try await agentMessageCount(4, server, org, firstID).last)
            #expect(answer.hasPrefix("Sorry, that time was just taken. Here are the next free times"), "\(answer)")
            // 09:15 would end inside the other booking's window only with a buffer; this template has none.
            #expect(answer.contains("1) Fri 15 Jan, 09:30\n2) Fri 15 Jan, 09:45\n3) Fri 15 Jan, 10:00"), "\(answer)")
            #expect(try await bookings(server, org, firstID).isEmpty)

            #expect(try await reply(server, org, "what?", from: "+14155551234") == 202)
            _ = try await agentMessageCount(5, server, org, firstID)
            #expect(try await reply(server, org, "no idea", from: "+14155551234") == 202)
            let flagged = try await conversation(server, org, firstID) { $0["needsReview"] as? Bool == true }
            #expect(flagged["needsReview"] as? Bool == true)
            #expect(try await agentMessageCount(6, server, org, firstID).last?.contains("A recruiter will look at your message") == true)
        }
    }

    @Test(
        "a SCHEDULING conversation opens with its link, offers times when the candidate writes, and ends COMPLETED on a booking",
        arguments: TestDatabase.available)
    func schedulingCampaign(kind: TestDatabase) async throws {
        let clock = ManualClock()
        try await TestServer.run(on: kind, clock: clock.wallClock, configure: { $0.publicURL = "https://parley.example.com" }) { server in
            let org = try await server.createOrganization()
            let campaign = try await schedulingCampaign(server, org)
            let id = try #require(try await start(server, org, campaign: campaign, phone: "+4915112345678")["id"] as? String)
            _ = try await conversation(server, org, id) { $0["status"] as? String == "ONGOING" }
            let opening = try #require(try await agentMessageCount(1, server, org, id).first)
            #expect(opening.hasPrefix("Hi Ada, please book your interview here: https://parley.example.com/book/"), "\(opening)")

            #expect(try await reply(server, org, "which times are there?", from: "+4915112345678") == 202)
            let offer = try #require(try await agentMessageCount(2, server, org, id).last)
            // A German number: the candidate's own zone, which is the template's too.
            #expect(offer.contains("(Europe/Berlin time):\n1) Fri 15 Jan, 09:00\n2) Fri 15 Jan, 09:15\n3) Fri 15 Jan, 09:30"), "\(offer)")

            #expect(try await reply(server, org, "Friday 9:30 please", from: "+4915112345678") == 202)
            let done = try await conversation(server, org, id) { $0["status"] as? String == "COMPLETED" }
            let sent = try await agentMessages(server, org, id)
            #expect(done["status"] as? String == "COMPLETED", "\(sent)")
            #expect(
                try await agentMessageCount(3, server, org, id).last?.hasPrefix("You're booked for Barista interview on Fri 15 Jan, 09:30") == true)
            try await server.settle()
            #expect(Set(try await events(server, id)) == ["CONVERSATION_STARTED", "CONVERSATION_COMPLETED", "CALENDAR_MEETING_SCHEDULED"])

            // Nobody waits on the candidate any more: a week later nothing closes or follows up.
            clock.advance(by: 8 * 86_400)
            try await server.settle()
            #expect(try await server.request(.get, "/v1/conversations/\(id)", as: org).json["status"] as? String == "COMPLETED")
            #expect(try await agentMessages(server, org, id).count == 3)
        }
    }

    @Test(
        "a SCHEDULING conversation without a booking is reminded with its link, then CLOSED one week after it opened",
        arguments: TestDatabase.available)
    func schedulingClosesAfterAWeek(kind: TestDatabase) async throws {
        let clock = ManualClock()
        try await TestServer.run(on: kind, clock: clock.wallClock, configure: { $0.publicURL = "https://parley.example.com" }) { server in
            let org = try await server.createOrganization()
            let campaign = try await schedulingCampaign(server, org)
            let id = try #require(try await start(server, org, campaign: campaign)["id"] as? String)
            _ = try await conversation(server, org, id) { $0["status"] as? String == "ONGOING" }
            // Writing does not restart the week.
            clock.advance(by: 3 * 86_400)
            let status = try await reply(server, org, "thanks, will do")
            let state = try await server.request(.get, "/v1/conversations/\(id)", as: org).json
            let sent = try await agentMessages(server, org, id)
            #expect(status == 202, "\(state) \(sent)")
            let messages = try await agentMessageCount(2, server, org, id)
            #expect(
                messages.contains { $0.contains("You can still pick a time for your interview here: https://parley.example.com/book/") },
                "\(messages)")

            clock.advance(by: 4 * 86_400 - 60)
            try await server.settle()
            #expect(try await server.request(.get, "/v1/conversations/\(id)", as: org).json["status"] as? String == "ONGOING")
            clock.advance(by: 60)
            let closed = try await conversation(server, org, id) { $0["status"] as? String == "CLOSED" }
            #expect(closed["status"] as? String == "CLOSED")
        }
    }

    /// A SCHEDULING campaign on SMS booking from a new template; its id.
    private func schedulingCampaign(_ server: TestServer, _ org: TestOrganization) async throws -> String {
        let template = try #require(
            try await server.request(.post, "/v1/meeting-templates", as: org, json: MeetingTemplateAPITests.body()).json["id"] as? String)
        let body = """
            {"campaignType":"SCHEDULING","channel":"SMS","campaignTitle":"Barista","campaignDescription":"Interviews for baristas",
            "calendarMeetingTemplateId":"\(template)","closingMethod":"CUSTOM",
            "customTemplatedMessage":"Hi {{CANDIDATE_FIRST_NAME}}, please book your interview here: {{MEETING_URL}} Reply STOP to opt out."}
            """
        let created = try await server.request(.post, "/v1/campaigns", as: org, json: body)
        #expect(created.status == 201, "\(created.body)")
        #expect(created.json["closingMethod"] as? String == "CALENDAR_MEETING_INTEGRATION")
        #expect(created.json["conversationTimeout"] as? Int == 168)
        return try #require(created.json["id"] as? String)
    }

    private func bookings(_ server: TestServer, _ org: TestOrganization, _ conversationID: String) async throws -> [[String: Any]] {
        try await server.request(.get, "/v1/bookings?conversationId=\(conversationID)", as: org).json["data"] as? [[String: Any]] ?? []
    }

    private func events(_ server: TestServer, _ id: String) async throws -> [String] {
        let conversationID = try #require(Conversation.ID(uuidString: id))
        return try await server.database.read { sql in try await ConversationRepository.events(of: conversationID, on: sql).map(\.event) }
    }
}
