/// What the rules need to know about records a campaign points at, looked up (within the campaign's
/// organization) before the pure checks run.
package struct CampaignReferences: Sendable {
    /// The template named by `openingMessageTemplateId`, when it exists in the organization.
    package var openingTemplate: MessageTemplate?
    /// Whether `calendarMeetingTemplateId` names a meeting template of the organization.
    package var meetingTemplateExists: Bool
    /// Whether `ownerEmail` belongs to a user of the organization.
    package var ownerIsOrganizationUser: Bool
    /// Whether the server has a language model configured, so campaigns may use the LLM agent (and do by
    /// default).
    package var modelConfigured: Bool

    package init(openingTemplate: MessageTemplate?, meetingTemplateExists: Bool, ownerIsOrganizationUser: Bool, modelConfigured: Bool = false) {
        self.openingTemplate = openingTemplate
        self.meetingTemplateExists = meetingTemplateExists
        self.ownerIsOrganizationUser = ownerIsOrganizationUser
        self.modelConfigured = modelConfigured
    }

    /// The rule for an `agentKind` the caller sent.
    package func checkAgentKind(_ kind: AgentKind?, into validator: inout Validator) {
        guard kind == .llm, !modelConfigured else { return }
        validator.fail("agentKind", "LLM needs a language model, and this server has none configured (PARLEY_LLM_BASE_URL and PARLEY_LLM_MODEL)")
    }
}
