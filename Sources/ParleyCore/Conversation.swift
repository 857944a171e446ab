package import Foundation

/// One candidate's conversation under one campaign: who, on which channel, where it stands, and how the
/// screening went so far.
package struct Conversation: Sendable, Equatable {
    package typealias ID = Identifier<Conversation>

    package var id: ID
    package var organizationID: Organization.ID
    package var campaignID: Campaign.ID
    package var channel: Channel
    package var status: ConversationStatus
    package var firstName: String
    package var lastName: String?
    /// E.164; present for SMS and WhatsApp.
    package var phoneNumber: String?
    /// Present for email.
    package var emailAddress: String?
    /// The caller's id for this conversation.
    package var externalID: String?
    /// The campaign's external id when the conversation started.
    package var externalCampaignID: String?
    package var applicationSource: String?
    /// Replaces the campaign's opening message for this conversation.
    package var openingMessage: String?
    package var needsReview: Bool
    /// Hold messages to the candidate until business hours in their time zone.
    package var sendDuringBusinessHours: Bool
    package var isHumanTakeover: Bool
    /// One outcome per answered question, in question order.
    package var outcomes: [ScreeningOutcome]
    /// Whether the agent already asked the candidate to clarify the current question.
    package var clarificationAsked: Bool
    /// Why the conversation was last flagged for review, in a few words (never the candidate's text).
    package var reviewReason: String?
    /// The candidate asked for a person; the agent says nothing more until one takes over.
    package var humanRequested: Bool
    /// Follow-ups sent since the candidate last went quiet.
    package var nudgesSent: Int
    /// When the agent last asked the candidate something and started waiting; `nil` while nobody waits on the
    /// candidate (not started, finished, taken over, or waiting for a person). Follow-ups and the timeout count
    /// from here.
    package var awaitingReplySince: Date?
    /// The meeting times last offered in the conversation ("reply 1, 2 or 3"), in the order shown; empty when no
    /// offer is open. While one is, the candidate's replies are read as a pick, even after the screening ended.
    package var offeredSlots: [DateInterval]
    /// The meeting template this conversation books from, when it has its own (`POST /v1/scheduling/conversations`);
    /// otherwise the campaign's.
    package var meetingTemplateID: MeetingTemplate.ID?
    package var createdAt: Date
    package var updatedAt: Date

    package init(
        id: ID,
        organizationID: Organization.ID,
        campaignID: Campaign.ID,
        channel: Channel,
        status: ConversationStatus = .created,
        firstName: String,
        lastName: String? = nil,
        phoneNumber: String? = nil,
        emailAddress: String? = nil,
        externalID: String? = nil,
        externalCampaignID: String? = nil,
        applicationSource: String? = nil,
        openingMessage: String? = nil,
        needsReview: Bool = false,
        sendDuringBusinessHours: Bool = false,
        isHumanTakeover: Bool = false,
        outcomes: [ScreeningOutcome] = [],
        clarificationAsked: Bool = false,
        reviewReason: String? = nil,
        humanRequested: Bool = false,
        nudgesSent: Int = 0,
        awaitingReplySince: Date? = nil,
        offeredSlots: [DateInterval] = [],
        meetingTemplateID: MeetingTemplate.ID? = nil,
        createdAt: Date,
        updatedAt: Date
    ) {
        self.id = id
        self.organizationID = organizationID
        self.campaignID = campaignID
        self.channel = channel
        self.status = status
        self.firstName = firstName
        self.lastName = lastName
        self.phoneNumber = phoneNumber
        self.emailAddress = emailAddress
        self.externalID = externalID
        self.externalCampaignID = externalCampaignID
        self.applicationSource = applicationSource
        self.openingMessage = openingMessage
        self.needsReview = needsReview
        self.sendDuringBusinessHours = sendDuringBusinessHours
        self.isHumanTakeover = isHumanTakeover
        self.outcomes = outcomes
        self.clarificationAsked = clarificationAsked
        self.reviewReason = reviewReason
        self.humanRequested = humanRequested
        self.nudgesSent = nudgesSent
        self.awaitingReplySince = awaitingReplySince
        self.offeredSlots = offeredSlots
        self.meetingTemplateID = meetingTemplateID
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The address the channel reaches the candidate at: the phone number for SMS and WhatsApp, the email
    /// address for email. Conversations are queued per contact and channel.
    package var contact: String {
        Self.contactKey(channel == .email ? emailAddress : phoneNumber, on: channel)
    }

    /// The key a contact is matched by on `channel`: email addresses ignore case, so `Jane@x.com` who opted
    /// out is the same person as `jane@x.com`.
    package static func contactKey(_ address: String?, on channel: Channel) -> String {
        guard let address else { return "" }
        return channel == .email ? address.lowercased() : address
    }

    /// A person takes the conversation over: the agent sends nothing, follows nobody up and lets nothing time
    /// out until it is handed back; a pending review or request for a person is answered by the takeover.
    package mutating func markTakenOver(at now: Date) {
        isHumanTakeover = true
        needsReview = false
        humanRequested = false
        awaitingReplySince = nil
        updatedAt = now
    }

    /// The one time zone the candidate's phone number points to, for showing them meeting times; `nil` for email
    /// and for countries that span several zones.
    package var candidateTimeZone: TimeZone? {
        guard let phoneNumber else { return nil }
        let zones = PhoneNumber.timeZones(of: phoneNumber)
        return zones.count == 1 && zones[0].identifier != "UTC" ? zones[0] : nil
    }

    /// When a message to the candidate may go out, from `now`: at once, or at the next of `hours` in the
    /// candidate's time zones (from the phone number's country; UTC for email) when they asked for business hours.
    package func sendingTime(from now: Date, hours: BusinessHours) -> Date {
        guard sendDuringBusinessHours else { return now }
        let zones = phoneNumber.map(PhoneNumber.timeZones(of:)) ?? [TimeZone(identifier: "UTC")!]
        return hours.nextOpening(from: now, in: zones)
    }
}
