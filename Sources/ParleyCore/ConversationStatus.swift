/// Where a conversation is in its life (spec §3.1):
/// CREATED → QUEUED → ONGOING → COMPLETED_SCREENING_PASSED | COMPLETED_SCREENING_FAILED | COMPLETED | CLOSED | OPTED_OUT,
/// and DELIVERY_FAILED before ONGOING.
package enum ConversationStatus: String, Sendable, Codable, CaseIterable {
    /// Created; the first message is not out yet.
    case created = "CREATED"
    /// Waiting for another active conversation with the same contact on the same channel to end.
    case queued = "QUEUED"
    /// The first message went out; the agent is screening.
    case ongoing = "ONGOING"
    /// Every question answered, no knockout failed.
    case completedScreeningPassed = "COMPLETED_SCREENING_PASSED"
    /// A mandatory question failed.
    case completedScreeningFailed = "COMPLETED_SCREENING_FAILED"
    /// Closed by timeout, by the campaign stopping, or by a newer conversation.
    case closed = "CLOSED"
    /// The candidate asked not to be contacted.
    case optedOut = "OPTED_OUT"
    /// The first message could not be delivered.
    case deliveryFailed = "DELIVERY_FAILED"
    /// A SCHEDULING conversation whose candidate booked a meeting (Popp uses it for flows without screening).
    case completed = "COMPLETED"

    /// CREATED, QUEUED and ONGOING: the statuses that hold a contact and can still change.
    package var isActive: Bool {
        switch self {
        case .created, .queued, .ongoing: true
        case .completedScreeningPassed, .completedScreeningFailed, .completed, .closed, .optedOut, .deliveryFailed: false
        }
    }
}
