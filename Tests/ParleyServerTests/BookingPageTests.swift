import Foundation
import HTTPTypes
import ParleyServer
import ParleyStore
import ParleyTesting
import SQLKit
import Testing

/// Booking through the link a candidate gets on passing: the page, its slots and booking a slot.
@Suite("Booking page")
struct BookingPageTests {
    @Test("the link opens free slots in the template's zone; one booking per slot and per candidate", arguments: TestDatabase.available)
    func book(kind: TestDatabase) async throws {
        // Friday 15 January 2027, 08:00 UTC: 09:00 in Berlin.
        let clock = ManualClock()
        try await TestServer.run(on: kind, clock: clock.wallClock, configure: { $0.publicURL = "https://parley.example.com" }) { server in
            let org = try await server.createOrganization()
            let (_, campaign) = try await BookingSteps.bookingCampaign(server, org)
            let link = try await BookingSteps.pass(server, org, campaign: campaign, phone: "+14155551234")

            let slots = try await server.request(.get, link + "/slots")
            #expect(slots.status == 200)
            #expect(slots.json["timezone"] as? String == "Europe/Berlin")
            let starts = (slots.json["slots"] as? [[String: Any]] ?? []).compactMap { $0["start"] as? String }
            #expect(starts.prefix(3) == ["2027-01-15T08:00:00Z", "2027-01-15T08:15:00Z", "2027-01-15T08:30:00Z"])
            #expect(starts.count == 60)
            let page = try await server.request(.get, link)
            #expect(page.status == 200)
            #expect(page.body.contains(#"<button name="start" value="2027-01-15T08:00:00Z">Fri 15 Jan, 09:00</button>"#))

            #expect(try await server.request(.post, link, json: #"{"start":"tomorrow"}"#).status == 400)
            #expect(try await server.request(.post, link, json: #"{"start":"2027-01-15T08:05:00Z"}"#).status == 409)
            let booked = try await server.request(.post, link, json: #"{"start":"2027-01-15T08:00:00Z"}"#)
            #expect(booked.status == 201, "\(booked.body)")
            #expect(booked.json["end"] as? String == "2027-01-15T08:30:00Z")
            #expect(try await server.request(.post, link, json: #"{"start":"2027-01-15T10:00:00Z"}"#).status == 409)
            #expect(try await server.request(.get, link).body.contains("You're booked"))
            let conversationID = try #require(link.split(separator: "/").last?.split(separator: ".").first.map(String.init))
            let events = try await server.database.read { sql in
                try await sql.select().columns("event", "data").from("conversation_events").where("conversation_id", .equal, SQLBind(conversationID))
                    .where("event", .equal, SQLBind("CALENDAR_MEETING_SCHEDULED")).all()
                    .map { try $0.decode(column: "data", as: String.self) }
            }
            let event = try #require(events.first.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] })
            #expect(events.count == 1)
            #expect(event["recordId"] as? String == booked.json["id"] as? String)
            #expect(event["conversationId"] as? String == conversationID)
            let details = try #require(event["meetingDetails"] as? [String: Any])
            #expect(details["startDateTime"] as? String == "2027-01-15T08:00:00.000Z")
            #expect(details["timezone"] as? String == "Europe/Berlin")
            #expect(details["location"] as? String == "Roastery, Hauptstr. 1")
            #expect((details["participants"] as? [[String: Any]])?.compactMap { $0["email"] as? String } == ["sam@acme.example", "lee@acme.example"])
            let confirmation = try await agentMessageCount(4, server, org, conversationID).last
            #expect(
                confirmation == "You're booked for Barista interview on Fri 15 Jan, 09:00 (Europe/Berlin), 30 minutes. Where: Roastery, Hauptstr. 1.")

            // Another candidate cannot take the same time; the next free start is after the booking.
            let other = try await BookingSteps.pass(server, org, campaign: campaign, phone: "+14155559876")
            #expect(try await server.request(.post, other, json: #"{"start":"2027-01-15T08:00:00Z"}"#).status == 409)
            let remaining = (try await server.request(.get, other + "/slots").json["slots"] as? [[String: Any]] ?? []).first?["start"] as? String
            #expect(remaining == "2027-01-15T08:30:00Z")
            // A form post (the page's buttons) books too.
            let form = try await server.request(
                .post, other, json: "start=2027-01-15T08%3A30%3A00Z", headers: [.contentType: "application/x-www-form-urlencoded"])
            #expect(form.status == 200)
            #expect(form.body.contains("You're booked"))

            // Altered or expired links open nothing.
            #expect(try await server.request(.get, String(link.dropLast()) + (link.hasSuffix("0") ? "1" : "0")).status == 404)
            clock.advance(by: 31 * 86_400)
            #expect(try await server.request(.get, link + "/slots").status == 404)
        }
    }

    @Test("the page answers in HTML when a form post fails or a link has expired, and pages on through the booking window")
    func pageErrorsAndPaging() async throws {
        let clock = ManualClock()
        try await TestServer.run(on: .sqlite, clock: clock.wallClock, configure: { $0.publicURL = "https://parley.example.com" }) { server in
            let org = try await server.createOrganization()
            let (_, campaign) = try await BookingSteps.bookingCampaign(server, org)
            let first = try await BookingSteps.pass(server, org, campaign: campaign, phone: "+14155551234")
            let second = try await BookingSteps.pass(server, org, campaign: campaign, phone: "+14155559876")
            let formHeaders: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            #expect(try await server.request(.post, first, json: "start=2027-01-15T08%3A00%3A00Z", headers: formHeaders).status == 200)

            let taken = try await server.request(.post, second, json: "start=2027-01-15T08%3A00%3A00Z", headers: formHeaders)
            #expect(taken.status == 409)
            #expect(taken.headers[.contentType] == "text/html; charset=utf-8")
            #expect(taken.body.contains(#"role="alert">Sorry, someone has just booked that time. Please pick another one.</p>"#))
            #expect(taken.body.contains(#"<button name="start" value="2027-01-15T08:30:00Z">"#), "fresh times to pick from")
            #expect(!taken.body.contains(#"value="2027-01-15T08:00:00Z""#))
            let empty = try await server.request(.post, second, json: "start=", headers: formHeaders)
            #expect(empty.status == 400 && empty.body.contains("Please pick one of the times below."))
            let again = try await server.request(.post, first, json: "start=2027-01-15T09%3A00%3A00Z", headers: formHeaders)
            #expect(again.status == 409 && again.body.contains("You're booked"), "a second booking shows the first")

            // Pages of slots follow one another to the end of the booking window.
            var from: String? = nil
            var seen: [String] = []
            var pages = 0
            repeat {
                let query = from.map { "?from=\($0)" } ?? ""
                let page = try await server.request(.get, second + "/slots" + query)
                #expect(page.status == 200)
                let starts = (page.json["slots"] as? [[String: Any]] ?? []).compactMap { $0["start"] as? String }
                #expect(!starts.isEmpty && starts.count <= 60)
                if let from { #expect(starts.first == from) }
                seen += starts
                from = page.json["nextFrom"] as? String
                pages += 1
            } while from != nil && pages < 100
            #expect(from == nil && pages > 1)
            #expect(seen == seen.sorted() && Set(seen).count == seen.count, "no slot twice, in order")
            #expect(seen.last.map { $0 > "2027-02-10" } == true, "the last page reaches the end of the 30-day window: \(seen.last ?? "")")
            let page = try await server.request(.get, second)
            let later = try #require(page.body.firstMatch(of: /<a href="\?from=([0-9TZ:-]+)">Later times<\/a>/))
            #expect(seen.dropFirst(60).first == String(later.1))
            #expect(
                try await server.request(.get, second + "/slots?from=soon").error
                    == "from: must be a time such as 2026-03-03T09:00:00Z, as nextFrom gives it")

            clock.advance(by: 31 * 86_400)
            let expired = try await server.request(.get, second)
            #expect(expired.status == 404)
            #expect(expired.headers[.contentType] == "text/html; charset=utf-8" && expired.body.contains("This link has expired"))
        }
    }
}
