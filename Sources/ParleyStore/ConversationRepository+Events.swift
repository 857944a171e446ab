import Crypto
package import Foundation
package import ParleyCore
package import SQLKit

/// Conversation events: the outbox webhooks are delivered from. Each is written, with a delivery for every
/// subscribed webhook, in the transaction of the change that causes it.
extension ConversationRepository {
    /// Records `event` for `conversation` as it stands now, with extra payload fields (`nudgesSent`).
    package static func recordEvent(
        _ event: ConversationEvent.Kind,
        of conversation: Conversation,
        extra: [String: Int] = [:],
        ids: IDGenerator,
        at now: Date,
        on sql: any SQLDatabase
    ) async throws {
        try await insertEvent(event, data: try eventData(event, of: conversation, extra: extra), of: conversation, ids: ids, at: now, on: sql)
    }

    /// Writes the event with its deliveries.
    private static func insertEvent(
        _ event: ConversationEvent.Kind, data: String, of conversation: Conversation, ids: IDGenerator, at now: Date, on sql: any SQLDatabase
    ) async throws {
        let id: ConversationEvent.ID = ids.next()
        try await sql.insert(into: "conversation_events")
            .columns("id", "organization_id", "conversation_id", "event", "data", "created_at")
            .values(
                SQLBind(id.uuidString), SQLBind(conversation.organizationID.uuidString), SQLBind(conversation.id.uuidString),
                SQLBind(event.rawValue), SQLBind(data), SQLBind(now.millisecondsSince1970)
            )
            .run()
        try await WebhookRepository.fanOut(id, event: event, organizationID: conversation.organizationID, ids: ids, at: now, on: sql)
    }

    /// Records a scheduling event for `booking`: `recordId` is the booking, and `meetingDetails` (spec §4.5) say
    /// when, where and with whom.
    package static func recordBookingEvent(
        _ event: ConversationEvent.Kind, booking: Booking, template: MeetingTemplate.Definition, conversation: Conversation, ids: IDGenerator,
        at now: Date, on sql: any SQLDatabase
    ) async throws {
        var participants: [EventValue] = []
        if let email = conversation.emailAddress {
            let name = [conversation.firstName, conversation.lastName].compactMap { $0 }.joined(separator: " ")
            participants.append(.object(["email": .text(email), "name": .text(name)]))
        }
        participants += template.participants.map { .object(["email": .text($0.email), "name": .text($0.name)]) }
        var details: [String: EventValue] = [
            "title": .text(template.title), "startDateTime": .text(booking.start.internetTimestamp),
            "endDateTime": .text(booking.end.internetTimestamp), "timezone": .text(template.timeZone),
            "videoConference": .bool(template.videoConferencing), "participants": .array(participants),
        ]
        if let location = template.location { details["location"] = .text(location) }
        if let url = template.videoConferencingURL { details["meetingUrl"] = .text(url) }
        let data: [String: EventValue] = [
            "recordId": .text(booking.id.uuidString), "organizationId": .text(conversation.organizationID.uuidString),
            "conversationId": .text(conversation.id.uuidString), "externalConversationId": .optionalText(conversation.externalID),
            "externalCampaignId": .optionalText(conversation.externalCampaignID), "meetingDetails": .object(details),
        ]
        try await insertEvent(event, data: try json(data), of: conversation, ids: ids, at: now, on: sql)
    }

    /// Records the events a change from `before` to `after` causes: started, completed (passed, failed or
    /// closed), opted out, start failed, flagged for review.
    static func recordEvents(from before: Conversation, to after: Conversation, ids: IDGenerator, at now: Date, on sql: any SQLDatabase) async throws
    {
        if before.status != after.status {
            let event: ConversationEvent.Kind? =
                switch after.status {
                case .ongoing: .started
                case .completedScreeningPassed, .completedScreeningFailed, .completed, .closed: .completed
                case .optedOut: .optedOut
                case .deliveryFailed: .startFailed
                case .queued: .queued
                case .created: nil
                }
            if let event { try await recordEvent(event, of: after, ids: ids, at: now, on: sql) }
        }
        if !before.needsReview, after.needsReview {
            try await recordEvent(.needsReview, of: after, ids: ids, at: now, on: sql)
        }
    }

    /// The event's `data` as webhooks carry it (spec §4.3), as JSON text. `campaignConversationUrl` is kept as a
    /// path; the sender puts the server's public URL in front.
    static func eventData(_ event: ConversationEvent.Kind, of conversation: Conversation, extra: [String: Int]) throws -> String {
        var data: [String: EventValue] = [
            "recordId": .text(conversation.id.uuidString),
            "organizationId": .text(conversation.organizationID.uuidString),
            "conversationStatus": .text(conversation.status.rawValue),
            "candidateId": .text(candidateID(of: conversation)),
            "externalId": .optionalText(conversation.externalID),
            "externalCampaignId": .optionalText(conversation.externalCampaignID),
            "participantFirstName": .text(conversation.firstName),
            "participantLastName": .optionalText(conversation.lastName),
            "campaignConversationUrl": .text("/campaign/outbound/\(conversation.campaignID)?conversationId=\(conversation.id)"),
        ]
        for (key, value) in extra { data[key] = .number(Double(value)) }
        if event == .needsReview { data["reason"] = .optionalText(conversation.reviewReason) }
        if event == .completed, conversation.status == .completedScreeningPassed || conversation.status == .completedScreeningFailed {
            data["screeningQuestionsOutcome"] = .outcomes(conversation.outcomes)
            let passed = conversation.outcomes.filter { $0.questionOutcome == .passed }.count
            data["scorecardTotalValue"] =
                conversation.outcomes.isEmpty ? .optionalText(nil) : .number((Double(passed) * 100 / Double(conversation.outcomes.count)).rounded())
        }
        return try json(data)
    }

    private static func json(_ data: [String: EventValue]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(data), as: UTF8.self)
    }

    /// The same candidate (organization and contact) always gets the same id, so receivers can join their
    /// conversations; it reveals nothing of the contact.
    static func candidateID(of conversation: Conversation) -> String {
        let digest = Array(SHA256.hash(data: Data("\(conversation.organizationID):\(conversation.contact)".utf8)))
        var bytes = Array(digest.prefix(16))
        bytes[6] = (bytes[6] & 0x0f) | 0x50
        bytes[8] = (bytes[8] & 0x3f) | 0x80
        let uuid = UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9], bytes[10], bytes[11], bytes[12],
                bytes[13], bytes[14], bytes[15]
            ))
        return uuid.uuidString.lowercased()
    }

    /// A payload value.
    private enum EventValue: Encodable {
        case text(String)
        case optionalText(String?)
        case number(Double)
        case bool(Bool)
        case outcomes([ScreeningOutcome])
        indirect case object([String: EventValue])
        indirect case array([EventValue])

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .text(let value): try container.encode(value)
            case .optionalText(let value): try container.encode(value)
            case .number(let value): try value == value.rounded() ? container.encode(Int(value)) : container.encode(value)
            case .bool(let value): try container.encode(value)
            case .object(let value): try container.encode(value)
            case .array(let value): try container.encode(value)
            case .outcomes(let outcomes):
                try container.encode(
                    outcomes.map {
                        [
                            "questionOutcome": $0.questionOutcome.rawValue, "screeningQuestion": $0.screeningQuestion,
                            "responseSummary": $0.responseSummary,
                        ]
                    }
                )
            }
        }
    }
}

extension ConversationRepository {
    /// How many of each campaign's conversations stand in each status, for the organization's campaigns listed.
    package func statusCounts(
        organizationID: Organization.ID, campaigns: [Campaign.ID]
    ) async throws -> [Campaign.ID: [ConversationStatus: Int]] {
        guard !campaigns.isEmpty else { return [:] }
        return try await database.read { sql in
            let rows = try await sql.select().column("campaign_id").column("status").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from("conversations").where("organization_id", .equal, SQLBind(organizationID.uuidString))
                .where("campaign_id", .in, campaigns.map(\.uuidString)).groupBy("campaign_id").groupBy("status").all()
            var counts: [Campaign.ID: [ConversationStatus: Int]] = [:]
            for row in rows {
                guard let campaign = Campaign.ID(uuidString: try row.decode(column: "campaign_id", as: String.self)),
                    let status = ConversationStatus(rawValue: try row.decode(column: "status", as: String.self))
                else { continue }
                counts[campaign, default: [:]][status] = try row.decode(column: "n", as: Int.self)
            }
            return counts
        }
    }
}
