import Foundation
import HTTPTypes
import ParleyCore
import ParleyServer
import ParleyStore
import ParleyTesting
import Testing

/// Candidates racing for one slot: the template's row lock lets exactly one of them book it.
@Suite("Booking races")
struct BookingRaceTests {
    @Test("eight candidates race for one slot: exactly one booking, and one booking per conversation", arguments: TestDatabase.available)
    func race(kind: TestDatabase) async throws {
        try await TestServer.run(on: kind) { server in
            let org = try await server.createOrganization()
            let (templateID, campaign) = try await BookingSteps.bookingCampaign(server, org)
            var conversations: [Conversation] = []
            let repository = ConversationRepository(database: server.database)
            for number in 0..<8 {
                let started = try await start(server, org, campaign: campaign, phone: "+1415555\(3000 + number)")
                let id = try #require((started["id"] as? String).flatMap(Conversation.ID.init(uuidString:)))
                conversations.append(try #require(try await repository.find(id, organizationID: org.id)))
            }
            // The openings go out first, so the race is between the bookings alone.
            try await server.settle()
            let templateKey = try #require(MeetingTemplate.ID(uuidString: templateID))
            let template = try #require(try await MeetingTemplateRepository(database: server.database).find(templateKey, organizationID: org.id))
            let bookings = BookingRepository(database: server.database)
            let now = Date()
            let slot = now.addingTimeInterval(86_400)
            let end = slot.addingTimeInterval(1_800)
            // Free when no scheduled booking overlaps [slot, end).
            let isFree: @Sendable ([Booking]) -> Bool = { existing in !existing.contains { $0.start < end && slot < $0.end } }

            let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                for conversation in conversations {
                    group.addTask {
                        do {
                            _ = try await bookings.book(
                                conversation: conversation, template: template, start: slot, ids: .random, at: now, isFree: isFree)
                            return true
                        } catch BookingRepository.BookError.slotTaken {
                            return false
                        }
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 1)
            #expect(try await bookings.scheduled(template: template.id, after: now).count == 1)

            // A conversation that holds a booking cannot take a second, even of a free slot.
            let winner = try #require(try await bookings.scheduled(template: template.id, after: now).first)
            let holder = try #require(conversations.first { $0.id == winner.conversationID })
            await #expect(throws: BookingRepository.BookError.alreadyBooked(winner.id)) {
                _ = try await bookings.book(
                    conversation: holder, template: template, start: slot.addingTimeInterval(7_200), ids: .random, at: now, isFree: { _ in true })
            }
        }
    }
}
