import Foundation
import ParleyAPI
import ParleyCore
import ParleyScheduling
import ParleyStore
import SQLKit

/// Meeting times in the conversation: the offer made when a candidate passes (or writes on a SCHEDULING
/// campaign), and booking the time they pick from it ("2", "the Tuesday one", "Tue 10am").
extension ConversationJobs {
    /// Answers the snapshot's first reply, which reads as a pick among meeting times (or asks for them); `false`
    /// when the conversation changed meanwhile and nothing was written.
    func answerSlotReply(_ snapshot: ReplySnapshot) async throws -> Bool {
        let reply = snapshot.replies[0]
        let now = clock.now()
        var machine = snapshot.machine
        let conversation = machine.conversation
        guard
            let template = try await database.read({ sql in
                try await Scheduler.template(for: conversation, campaign: snapshot.campaign.settings, on: sql)
            }),
            let availability = await scheduler.availability(of: template, at: now)
        else {
            // The template was deleted: the offer ends, and a person finds the candidate a time.
            machine.schedulingUnavailable(at: now)
            return try await write(snapshot, answering: [reply], machine: machine, sending: [], at: now)
        }
        let zone = Self.zone(for: conversation, availability)
        guard !conversation.offeredSlots.isEmpty else {
            let texts = try await offer(availability, zone: zone, machine: &machine, at: now)
            return try await write(snapshot, answering: [reply], machine: machine, sending: texts, at: now)
        }
        let offered = conversation.offeredSlots.map { Slot(start: $0.start, end: $0.end) }
        guard let pick = chosenSlot(reply.content, offered: offered, timeZone: zone, now: now) else {
            let texts = machine.pickUnclear(askAgain: BookingMessages.pickAgain, at: now)
            return try await write(snapshot, answering: [reply], machine: machine, sending: texts, at: now)
        }
        let start = machine
        // Booked inside the reply's transaction: the pick, the booking and the confirmation are written together.
        return try await write(snapshot, answering: [reply], at: now) { sql in
            var machine = start
            do {
                let texts = try await scheduler.book(pick.start, for: &machine, availability, at: now, on: sql).texts
                return (machine, texts)
            } catch BookingRepository.BookError.slotTaken {
                let free = try await Scheduler.freeSlots(availability, at: now, limit: Scheduler.offerSize, on: sql)
                machine.offer(free.map { DateInterval(start: $0.start, end: $0.end) }, at: now)
                return (machine, [BookingMessages.slotTaken + " " + BookingMessages.offer(free, zone: zone, withLink: true)])
            } catch BookingRepository.BookError.alreadyBooked {
                machine.withdrawOffer(at: now)
                return (machine, [BookingMessages.alreadyBooked])
            }
        }
    }

    /// `texts` with the slot-offer marker replaced by the earliest free times, which the machine now offers; when
    /// none are free, or the conversation books from no template, by the booking link alone.
    func fillSlotOffer(_ texts: [String], machine: inout ConversationMachine, at now: Date) async throws -> [String] {
        let conversation = machine.conversation
        let template = try await database.read { sql in
            try await Scheduler.template(for: conversation, campaign: machine.campaign, on: sql)
        }
        var offerText = "Pick a time for your interview here: \(MessagePlaceholder.bookingLinkMarker)"
        if let template, let availability = await scheduler.availability(of: template, at: now) {
            let free = try await database.read { sql in
                try await Scheduler.freeSlots(availability, at: now, limit: Scheduler.offerSize, on: sql)
            }
            machine.offer(free.map { DateInterval(start: $0.start, end: $0.end) }, at: now)
            let hasLink = texts.contains { $0.contains(MessagePlaceholder.bookingLinkMarker) }
            offerText = BookingMessages.offer(free, zone: Self.zone(for: conversation, availability), withLink: !hasLink)
        }
        return texts.map { $0.replacingOccurrences(of: MessagePlaceholder.slotOfferMarker, with: offerText) }
    }

    /// Offers the earliest free times; returns the message.
    private func offer(
        _ availability: Scheduler.Availability, zone: TimeZone, machine: inout ConversationMachine, at now: Date
    ) async throws -> [String] {
        let free = try await database.read { sql in
            try await Scheduler.freeSlots(availability, at: now, limit: Scheduler.offerSize, on: sql)
        }
        machine.offer(free.map { DateInterval(start: $0.start, end: $0.end) }, at: now)
        return [BookingMessages.offer(free, zone: zone, withLink: true)]
    }

    /// The zone meeting times are shown to the candidate in: their phone number's, else the template's.
    private static func zone(for conversation: Conversation, _ availability: Scheduler.Availability) -> TimeZone {
        conversation.candidateTimeZone ?? availability.rules.timeZone
    }
}
