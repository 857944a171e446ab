/// Where a campaign is in its life: DRAFT → LIVE → ARCHIVED, and DRAFT → ARCHIVED. ARCHIVED is final.
package enum CampaignStatus: String, Sendable, Codable, CaseIterable {
    /// Created; sends nothing and accepts no conversations.
    case draft = "DRAFT"
    /// Active: accepts conversations.
    case live = "LIVE"
    /// Stopped for good.
    case archived = "ARCHIVED"

    /// Whether a campaign in this status may move to `next`. Staying in the same status is always allowed.
    package func canMove(to next: CampaignStatus) -> Bool {
        switch (self, next) {
        case (.draft, _), (.live, .live), (.live, .archived), (.archived, .archived): true
        case (.live, .draft), (.archived, .draft), (.archived, .live): false
        }
    }
}
