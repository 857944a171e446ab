package import ParleyCore

/// The events a webhook can subscribe to, as `GET /v1/webhooks/events` lists them.
package enum EventCatalog {
    /// One subscribable event.
    package struct Entry: Sendable, Equatable {
        package var event: ConversationEvent.Kind
        package var description: String
        package var category: String
    }

    package static let entries: [Entry] = ConversationEvent.Kind.allCases.map {
        Entry(event: $0, description: description(of: $0), category: $0.isScheduling ? "SCHEDULING" : "CONVERSATION")
    }

    private static func description(of event: ConversationEvent.Kind) -> String {
        switch event {
        case .queued: "A conversation is queued, waiting for another active conversation with the same candidate to end."
        case .started: "The first message reached the candidate; the conversation is ONGOING."
        case .completed: "A conversation ended: screening passed or failed, or closed (timeout, campaign stopped, newer conversation)."
        case .needsReview: "The agent flagged a conversation for a person to look at."
        case .optedOut: "The candidate asked not to be contacted again."
        case .maxNudgesReached: "Every follow-up the campaign allows went out without a reply."
        case .startFailed: "A conversation could not be started: its first message could not be delivered."
        case .meetingScheduled: "A candidate booked an interview; recordId is the booking, meetingDetails say when and with whom."
        case .meetingRescheduled: "A booking moved to another time; meetingDetails give the new one."
        case .meetingCancelled: "A booking was cancelled."
        }
    }
}
