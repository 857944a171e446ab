package import Foundation

/// An interview a candidate booked from a meeting template.
package struct Booking: Sendable, Equatable {
    package typealias ID = Identifier<Booking>

    /// Where a booking stands.
    package enum Status: String, Sendable, Codable, CaseIterable {
        case scheduled = "SCHEDULED"
        case cancelled = "CANCELLED"
        /// Its time has passed.
        case completed = "COMPLETED"
    }

    package var id: ID
    package var organizationID: Organization.ID
    package var conversationID: Conversation.ID
    package var campaignID: Campaign.ID
    package var meetingTemplateID: MeetingTemplate.ID
    package var status: Status
    package var start: Date
    package var end: Date
    /// Bumped by every change, for calendar invites (RFC 5545 `SEQUENCE`).
    package var sequence: Int
    package var createdAt: Date
    package var updatedAt: Date

    package init(
        id: ID, organizationID: Organization.ID, conversationID: Conversation.ID, campaignID: Campaign.ID, meetingTemplateID: MeetingTemplate.ID,
        status: Status, start: Date, end: Date, sequence: Int, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.organizationID = organizationID
        self.conversationID = conversationID
        self.campaignID = campaignID
        self.meetingTemplateID = meetingTemplateID
        self.status = status
        self.start = start
        self.end = end
        self.sequence = sequence
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The status as of `now`: a scheduled booking whose start has passed is COMPLETED.
    package func status(at now: Date) -> Status {
        status == .scheduled && start <= now ? .completed : status
    }
}
