/// The fields of a campaign as a create or update request sends them: `nil` where the caller sent nothing.
///
/// A create turns them into complete ``CampaignSettings`` with ``newSettings(_:)``; an update lays them over
/// the current settings with ``applied(to:_:)``. Both check every rule of ``CampaignRules``.
package struct CampaignFields: Sendable, Equatable {
    package var type: CampaignType?
    package var channel: Channel?
    package var questions: [Question]?
    package var title: String?
    package var description: String?
    package var closingMethod: ClosingMethod?
    package var status: CampaignStatus?
    package var closingMessage: String?
    package var rejectionMessage: String?
    package var customMessage: String?
    package var contactNumber: String?
    package var meetingURL: String?
    package var calendarMeetingTemplateID: String?
    package var company: String?
    package var location: String?
    package var additionalContext: String?
    package var conversationTimeoutHours: Int?
    package var maxNudges: Int?
    package var nudgeIntervalHours: Int?
    package var ownerEmail: String?
    package var openingMessageTemplateID: MessageTemplate.ID?
    package var customTemplatedMessage: String?
    package var customRequest: String?
    package var externalCampaignID: String?
    package var emailChannelFallbackEnabled: Bool?
    package var agentName: String?
    package var agentTone: AgentTone?
    package var agentKind: AgentKind?

    package init() {}

    /// The fields a new campaign cannot do without.
    package init(type: CampaignType, channel: Channel, title: String, description: String) {
        self.type = type
        self.channel = channel
        self.title = title
        self.description = description
    }

    /// Whether the request names no field at all.
    package var isEmpty: Bool { self == CampaignFields() }
}
