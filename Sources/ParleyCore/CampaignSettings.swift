/// Everything about a campaign that its creator chooses, with defaults applied. ``CampaignRules`` checks it;
/// ``Campaign`` adds identity and time.
package struct CampaignSettings: Sendable, Equatable {
    package var type: CampaignType
    package var channel: Channel
    package var status: CampaignStatus
    package var title: String
    package var description: String
    package var closingMethod: ClosingMethod
    package var closingMessage: String?
    package var rejectionMessage: String?
    package var customMessage: String?
    package var contactNumber: String?
    package var meetingURL: String?
    package var calendarMeetingTemplateID: String?
    package var company: String?
    package var location: String?
    package var questions: [Question]
    package var additionalContext: String?
    package var conversationTimeoutHours: Int
    /// How many follow-ups the agent sends a candidate who has gone quiet, one every ``nudgeIntervalHours``.
    package var maxNudges: Int
    /// Hours of silence before each follow-up.
    package var nudgeIntervalHours: Int
    package var ownerEmail: String?
    package var openingMessageTemplateID: MessageTemplate.ID?
    package var customTemplatedMessage: String?
    package var customRequest: String?
    /// The caller's own reference for the campaign (an ATS job id); unique among the organization's campaigns
    /// that are not archived, and usable instead of the campaign id when starting conversations.
    package var externalCampaignID: String?
    /// `nil` inherits the organization's setting.
    package var emailChannelFallbackEnabled: Bool?
    package var agentName: String
    package var agentTone: AgentTone
    /// Which agent holds the conversations.
    package var agentKind: AgentKind

    /// Hours an unanswered conversation stays open when the campaign does not say.
    package static let defaultConversationTimeoutHours = 48
    /// A SCHEDULING conversation without a booking closes one week after its opening went out (spec §2.5.4).
    package static let schedulingTimeoutHours = 168
    /// Follow-ups sent to a quiet candidate when the campaign does not say.
    package static let defaultMaxNudges = 2
    /// Hours between follow-ups when the campaign does not say.
    package static let defaultNudgeIntervalHours = 8
    /// How many follow-ups a campaign may send.
    package static let maxNudgesRange = 0...5
    /// The hours between follow-ups a campaign may choose.
    package static let nudgeIntervalRange = 1...168
    /// The shortest conversation timeout Popp allows.
    package static let conversationTimeoutRange = 24...720
    /// The most questions a campaign may ask.
    package static let maximumQuestionCount = 50

    package init(
        type: CampaignType,
        channel: Channel,
        status: CampaignStatus = .live,
        title: String,
        description: String,
        closingMethod: ClosingMethod,
        closingMessage: String? = nil,
        rejectionMessage: String? = nil,
        customMessage: String? = nil,
        contactNumber: String? = nil,
        meetingURL: String? = nil,
        calendarMeetingTemplateID: String? = nil,
        company: String? = nil,
        location: String? = nil,
        questions: [Question] = [],
        additionalContext: String? = nil,
        conversationTimeoutHours: Int = CampaignSettings.defaultConversationTimeoutHours,
        maxNudges: Int = CampaignSettings.defaultMaxNudges,
        nudgeIntervalHours: Int = CampaignSettings.defaultNudgeIntervalHours,
        ownerEmail: String? = nil,
        openingMessageTemplateID: MessageTemplate.ID? = nil,
        customTemplatedMessage: String? = nil,
        customRequest: String? = nil,
        externalCampaignID: String? = nil,
        emailChannelFallbackEnabled: Bool? = nil,
        agentName: String = Agent.defaultName,
        agentTone: AgentTone = Agent.defaultTone,
        agentKind: AgentKind = .builtIn
    ) {
        self.type = type
        self.channel = channel
        self.status = status
        self.title = title
        self.description = description
        self.closingMethod = closingMethod
        self.closingMessage = closingMessage
        self.rejectionMessage = rejectionMessage
        self.customMessage = customMessage
        self.contactNumber = contactNumber
        self.meetingURL = meetingURL
        self.calendarMeetingTemplateID = calendarMeetingTemplateID
        self.company = company
        self.location = location
        self.questions = questions
        self.additionalContext = additionalContext
        self.conversationTimeoutHours = conversationTimeoutHours
        self.maxNudges = maxNudges
        self.nudgeIntervalHours = nudgeIntervalHours
        self.ownerEmail = ownerEmail
        self.openingMessageTemplateID = openingMessageTemplateID
        self.customTemplatedMessage = customTemplatedMessage
        self.customRequest = customRequest
        self.externalCampaignID = externalCampaignID
        self.emailChannelFallbackEnabled = emailChannelFallbackEnabled
        self.agentName = agentName
        self.agentTone = agentTone
        self.agentKind = agentKind
    }
}
