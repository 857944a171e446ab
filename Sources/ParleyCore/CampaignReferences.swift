/// What the rules need to know about records a campaign points at, looked up (within the campaign's
/// organization) before the pure checks run.
package struct CampaignReferences: Sendable {
    /// The template named by `openingMessageTemplateId`, when it exists in the organization.
    package var openingTemplate: MessageTemplate?
    /// Whether `calendarMeetingTemplateId` names a meeting template of the organization.
    package var meetingTemplateExists: Bool
    /// Whether `ownerEmail` belongs to a user of the organization.
    package var ownerIsOrganizationUser: Bool

    package init(openingTemplate: MessageTemplate?, meetingTemplateExists: Bool, ownerIsOrganizationUser: Bool) {
        self.openingTemplate = openingTemplate
        self.meetingTemplateExists = meetingTemplateExists
        self.ownerIsOrganizationUser = ownerIsOrganizationUser
    }
}
