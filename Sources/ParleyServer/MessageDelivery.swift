import Foundation
import Logging
import ParleyChannels
import ParleyCore
import ParleyStore
import ParleyWebhooks
import SQLKit

/// The `conversation.deliver` job: hands a conversation's queued messages to its channel, in order.
///
/// The Sandbox takes every queued message at once, in the job's transaction. A real provider takes one message
/// per job run, at the sender's pace, in three steps:
/// 1. In a transaction, the message's turn at the pace is reserved (a later turn re-queues the job for it),
///    and the message is marked as being sent.
/// 2. Outside any transaction, the provider is called.
/// 3. In a transaction, the answer is written: SENT with the provider's id, or FAILED.
///
/// A message is never sent twice. One found marked as being sent longer than a job lease (at least 25 s) ago (the server stopped
/// mid-send) is not sent again, nor is one whose request went out without an answer; both are FAILED and the
/// conversation is flagged for a person. One marked more recently is another job's, still under way. Only a sure refusal (no connection, 429, 502–504) is tried again, with backoff.
struct MessageDelivery: Sendable {
    let database: Database
    let senders: ChannelSenders
    let ids: IDGenerator
    let clock: WallClock
    /// The job lease: a hand-over older than this was interrupted; a younger one is still under way. Providers
    /// answer within 15 seconds, so the lease must be longer.
    let lease: TimeInterval
    /// Lets providers' hosts resolve to loopback and private addresses (`PARLEY_CHANNELS_ALLOW_PRIVATE_TARGETS`).
    let allowPrivateTargets: Bool
    let logger: Logger

    func deliver(_ job: Job) async throws {
        // Opened before any transaction: opening it the first time may write to the database.
        let box = try await senders.keyring.box()
        guard let handover = try await prepare(job, box: box) else { return }
        var logger = logger
        logger[metadataKey: "parley.conversation"] = "\(handover.conversation.id)"
        logger[metadataKey: "parley.provider"] = "\(handover.connection.provider.rawValue)"
        let result: Result<String, ChannelSendError>
        do {
            let sender = try await senders.sender(for: handover.connection, sealedCredentials: handover.sealedCredentials)
            try checkTarget(of: handover.connection)
            result = .success(try await sender.send(handover.outbound))
        } catch let error as ChannelSendError {
            result = .failure(error)
        } catch {
            // The connection could not be used (its credentials or relay URL): nothing was sent.
            result = .failure(.permanent("the connection could not be used: \(type(of: error))"))
        }
        switch result {
        case .success: logger.debug("the provider took a message")
        case .failure(let error): logger.warning("the provider did not take a message", metadata: ["reason": "\(error)"])
        }
        try await record(result, of: handover, job: job)
    }

    /// How long a hand-over may take before it counts as interrupted: the job lease, and never less than a
    /// provider's longest answer (5 s to connect, 15 s to answer).
    private var handOverLimit: TimeInterval { max(lease, 25) }

    /// Refuses a provider whose host resolves to a loopback, private or reserved address, unless the server
    /// allows private targets: checked at every send, since a name can change what it resolves to.
    private func checkTarget(of connection: ChannelConnection) throws(ChannelSendError) {
        guard !allowPrivateTargets, let host = URLComponents(string: connection.apiBaseURL)?.host else { return }
        for address in AddressPolicy.resolve(host) {
            if let range = AddressPolicy.reservedRange(of: address) {
                throw .permanent("apiBaseUrl resolves to a \(range) address")
            }
        }
    }

    /// A message ready for its provider.
    private struct Handover: Sendable {
        var conversation: Conversation
        var message: Message
        var connection: ChannelConnection
        var sealedCredentials: String
        var outbound: OutboundMessage
    }

    /// Step 1: the next message, if its turn has come; delivers to the Sandbox on the spot.
    private func prepare(_ job: Job, box: SecretBox) async throws -> Handover? {
        try await ConversationJobs.withConversation(job, in: database) { sql, conversation, campaign in
            guard let next = try await ConversationRepository.nextOutgoing(of: conversation, on: sql) else { return nil }
            let now = clock.now()
            guard
                let (connection, sealed) = try await ChannelConnectionRepository.route(
                    organizationID: conversation.organizationID, channel: conversation.channel, on: sql
                )
            else {
                try await deliverToSandbox(conversation, campaign, at: now, on: sql)
                return nil
            }
            if let started = next.sendStartedAt {
                let handOverEnds = started.addingTimeInterval(handOverLimit)
                guard now >= handOverEnds else {
                    // Another job is handing this message over right now: look again once its lease has run out.
                    try await ConversationRepository.enqueueDelivery(conversation, of: next.message, at: handOverEnds, now: now, ids: ids, on: sql)
                    return nil
                }
                // The job handing this message over died (its lease ran out): the message may have gone, so it never
                // goes again.
                try await fail(next.message, uncertain: true, conversation, campaign, at: now, on: sql)
                return nil
            }
            let turn: Date
            if let reserved = next.sendAt {
                turn = reserved
            } else {
                turn = try await ChannelConnectionRepository.reserveTurn(of: connection, at: now, on: sql)
                try await ConversationRepository.reserve(next.message, sendAt: turn, on: sql)
            }
            guard turn <= now else {
                try await ConversationRepository.enqueueDelivery(conversation, of: next.message, at: turn, now: now, ids: ids, on: sql)
                return nil
            }
            try await ConversationRepository.markSendStarted(next.message, at: now, on: sql)
            // Only WhatsApp cares whether the candidate wrote in the last 24 hours.
            let replyWindowOpen =
                conversation.channel == .whatsapp
                ? try await ConversationRepository.lastReplyAt(of: conversation, on: sql).map { now.timeIntervalSince($0) < 86_400 } ?? false
                : false
            var outbound = OutboundMessage(
                id: next.message.id.rawValue, to: conversation.contact, text: next.message.content, replyWindowOpen: replyWindowOpen, date: now
            )
            if conversation.channel == .email {
                let machine = try await ConversationRepository.machine(conversation, campaign, on: sql)
                outbound.email = senders.emailContext(
                    box: box, conversation: conversation.id, companyName: machine.companyName, campaignTitle: campaign.settings.title,
                    sender: connection.sender, references: try await ConversationRepository.sentProviderIDs(of: conversation, on: sql)
                )
            }
            return Handover(conversation: conversation, message: next.message, connection: connection, sealedCredentials: sealed, outbound: outbound)
        }
    }

    /// Step 3: writes the provider's answer, and queues the next message.
    private func record(_ result: Result<String, ChannelSendError>, of handover: Handover, job: Job) async throws {
        let retry = try await ConversationJobs.withConversation(job, in: database) { sql, conversation, campaign -> ChannelSendError? in
            let now = clock.now()
            switch result {
            case .success(let providerID):
                try await ConversationRepository.setDelivery(handover.message, .sent, providerMessageID: providerID, on: sql)
                var machine = try await ConversationRepository.machine(conversation, campaign, on: sql)
                machine.firstMessageAccepted(at: now)
                try await ConversationRepository.apply(machine, was: conversation, sending: [], ids: ids, at: now, on: sql)
            case .failure(.retryable) where job.attempts < job.maxAttempts:
                try await ConversationRepository.markSendStarted(handover.message, at: nil, on: sql)
                if case .failure(let error) = result { return error }
            case .failure(.unknown):
                try await fail(handover.message, uncertain: true, conversation, campaign, at: now, on: sql)
            case .failure:
                try await fail(handover.message, uncertain: false, conversation, campaign, at: now, on: sql)
            }
            if try await ConversationRepository.nextOutgoing(of: conversation, on: sql) != nil {
                try await ConversationRepository.enqueueDelivery(conversation, at: now, ids: ids, on: sql)
            }
            return nil
        }
        // A sure refusal: the job is tried again later, with the worker's backoff.
        if let retry { throw retry }
    }

    /// Marks the message FAILED. A failed first message fails the conversation (unless the candidate wrote);
    /// a message that may have gone flags the conversation for a person instead.
    private func fail(
        _ message: Message, uncertain: Bool, _ conversation: Conversation, _ campaign: Campaign, at now: Date, on sql: any SQLDatabase
    ) async throws {
        try await ConversationRepository.setDelivery(message, .failed, providerMessageID: nil, on: sql)
        try await ConversationRepository.markSendStarted(message, at: nil, on: sql)
        var machine = try await ConversationRepository.machine(conversation, campaign, on: sql)
        if uncertain {
            machine.deliveryUncertain(at: now)
        } else if conversation.status == .created {
            machine.firstMessageFailed(candidateReplied: try await ConversationRepository.lastReplyAt(of: conversation, on: sql) != nil, at: now)
        }
        // A conversation that ends here (DELIVERY_FAILED) sends nothing more: applying it cancels what is queued.
        try await ConversationRepository.apply(machine, was: conversation, sending: [], ids: ids, at: now, on: sql)
    }

    /// The Sandbox delivers every queued message at once, in this transaction.
    private func deliverToSandbox(_ conversation: Conversation, _ campaign: Campaign, at now: Date, on sql: any SQLDatabase) async throws {
        while let next = try await ConversationRepository.nextOutgoing(of: conversation, on: sql) {
            guard next.sendAt == nil else {
                // It waited for a real provider whose connection was deleted since: it was never sent anywhere.
                try await ConversationRepository.setDelivery(next.message, .failed, providerMessageID: nil, on: sql)
                continue
            }
            try await ConversationRepository.setDelivery(next.message, .delivered, providerMessageID: "sandbox-\(next.message.id)", on: sql)
        }
        var machine = try await ConversationRepository.machine(conversation, campaign, on: sql)
        machine.firstMessageAccepted(at: now)
        try await ConversationRepository.apply(machine, was: conversation, sending: [], ids: ids, at: now, on: sql)
    }
}
