/// Something that happened to a conversation, recorded for webhooks (spec §4.3) in the transaction of the
/// change that caused it.
package struct ConversationEvent: Sendable, Equatable {
    package typealias ID = Identifier<ConversationEvent>

    /// The kinds of event, named as the webhooks name them.
    package enum Kind: String, Sendable, Codable, CaseIterable {
        case queued = "CONVERSATION_QUEUED"
        case started = "CONVERSATION_STARTED"
        case completed = "CONVERSATION_COMPLETED"
        case needsReview = "CONVERSATION_NEEDS_REVIEW"
        case optedOut = "CONVERSATION_OPTED_OUT"
        /// Every follow-up the campaign allows went out without a reply; carries `nudgesSent`.
        case maxNudgesReached = "CONVERSATION_MAX_NUDGES_REACHED"
        case startFailed = "START_CONVERSATION_FAILED"
        /// A candidate booked an interview; `recordId` is the booking, with `meetingDetails`.
        case meetingScheduled = "CALENDAR_MEETING_SCHEDULED"
        /// A booking moved to another time.
        case meetingRescheduled = "CALENDAR_MEETING_RESCHEDULED"
        case meetingCancelled = "CALENDAR_MEETING_CANCELLED"

        /// Whether the event is about a booking rather than the conversation itself.
        package var isScheduling: Bool { [.meetingScheduled, .meetingRescheduled, .meetingCancelled].contains(self) }
    }
}
