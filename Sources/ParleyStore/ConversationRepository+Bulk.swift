import Foundation
import ParleyCore
import SQLKit

/// Starting many conversations at once in a handful of statements: one look-up of opt-outs and one of active
/// conversations for every contact, and multi-row inserts of the conversations and their first jobs.
extension ConversationRepository {
    /// Rows per multi-row insert: well under SQLite's and PostgreSQL's limits on bound values.
    private static let rowsPerInsert = 200

    /// Whether ``insertMany(_:in:ids:at:on:)`` can start these contacts: none asks to close earlier conversations
    /// or brings a meeting set-up of its own, which take the one-at-a-time path.
    static func canInsertTogether(_ contacts: [ConversationFields]) -> Bool {
        !contacts.contains { $0.closePreviousConversations || $0.closeAllOngoingConversations || $0.meetingTemplate != nil }
    }

    /// Starts a conversation for each contact in the caller's transaction, with the same rules and answers as
    /// starting them one at a time in order: a contact seen earlier in the list counts as active.
    static func insertMany(
        _ contacts: [ConversationFields], in campaign: Campaign, ids: IDGenerator, at now: Date, on sql: any SQLDatabase
    ) async throws -> [Result<Conversation, ValidationError>] {
        let channel = campaign.settings.channel
        let organizationID = campaign.organizationID
        let prepared: [Result<(fields: ConversationFields, contact: String), ValidationError>] = contacts.map { fields in
            Result { () throws(ValidationError) -> (fields: ConversationFields, contact: String) in
                let normalized = try fields.normalized()
                try normalized.validate(for: channel)
                return (normalized, normalized.contact(for: channel))
            }
        }
        let keys = Array(Set(prepared.compactMap { try? $0.get().contact }))
        let optedOut = try await optedOutContacts(keys, organizationID: organizationID, channel: channel, on: sql)
        var active = try await activeConversations(of: keys, organizationID: organizationID, channel: channel, on: sql)
        let businessHours =
            contacts.contains(where: \.shouldSendDuringBusinessHours)
            ? try await OrganizationRepository.businessHours(of: organizationID, on: sql) : nil

        var results: [Result<Conversation, ValidationError>] = []
        var created: [Conversation] = []
        for entry in prepared {
            let (fields, contact): (ConversationFields, String)
            switch entry {
            case .failure(let error):
                results.append(.failure(error))
                continue
            case .success(let value): (fields, contact) = value
            }
            if optedOut.contains(contact) {
                results.append(.failure(optedOutError(channel)))
                continue
            }
            let current = active[contact, default: []]
            if !fields.skipDuplicationCheck, let duplicate = current.first(where: { $0.campaignID == campaign.id }) {
                results.append(.failure(duplicateError(duplicate.id, channel: channel)))
                continue
            }
            let conversation = newConversation(fields, in: campaign, queued: !current.isEmpty, meetingTemplateID: nil, ids: ids, at: now)
            active[contact, default: []].append(conversation)
            created.append(conversation)
            results.append(.success(conversation))
        }

        for chunk in created.chunked(into: rowsPerInsert) {
            try await sql.insert(into: "conversations")
                .models(try chunk.map(ConversationRecord.init))
                .run()
        }
        let starts = created.filter { $0.status == .created }.map { conversation in
            JobQueue.NewJob(
                organizationID: organizationID, kind: JobKind.start, payload: JobPayload(conversation).json,
                runAt: businessHours.map { conversation.sendingTime(from: now, hours: $0) } ?? now,
                idempotencyKey: "start:\(conversation.id)"
            )
        }
        for chunk in starts.chunked(into: rowsPerInsert) {
            try await JobQueue.enqueue(chunk, at: now, ids: ids, on: sql)
        }
        for conversation in created where conversation.status == .queued {
            try await recordEvent(.queued, of: conversation, ids: ids, at: now, on: sql)
        }
        return results
    }

    /// Which of `contacts` opted out of `channel` messages from the organization.
    private static func optedOutContacts(
        _ contacts: [String], organizationID: Organization.ID, channel: Channel, on sql: any SQLDatabase
    ) async throws -> Set<String> {
        guard !contacts.isEmpty else { return [] }
        let rows = try await sql.select().column("contact").from("opt_outs")
            .where("organization_id", .equal, SQLBind(organizationID.uuidString))
            .where("channel", .equal, SQLBind(channel.rawValue))
            .where("contact", .in, contacts)
            .all()
        return Set(try rows.map { try $0.decode(column: "contact", as: String.self) })
    }

    /// The active conversations of each of `contacts` on `channel`, oldest first.
    private static func activeConversations(
        of contacts: [String], organizationID: Organization.ID, channel: Channel, on sql: any SQLDatabase
    ) async throws -> [String: [Conversation]] {
        guard !contacts.isEmpty else { return [:] }
        let conversations = try await sql.select().columns("*").from("conversations")
            .where("organization_id", .equal, SQLBind(organizationID.uuidString))
            .where("channel", .equal, SQLBind(channel.rawValue))
            .where("contact", .in, contacts)
            .where("status", .in, [ConversationStatus.created, .queued, .ongoing].map(\.rawValue))
            .orderBy("created_at").orderBy("id")
            .all()
            .map(ConversationRecord.conversation(from:))
        return Dictionary(grouping: conversations, by: \.contact)
    }
}

extension Array {
    /// The elements in runs of at most `size`.
    fileprivate func chunked(into size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
