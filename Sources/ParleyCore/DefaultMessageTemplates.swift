package import Foundation

/// The opening-message templates every new organization starts with: one per channel and campaign type.
/// Every SMS template carries the uppercase word STOP, as carriers require.
package enum DefaultMessageTemplates {
    /// The texts, keyed by channel and campaign type.
    static let texts: [(Channel, CampaignType, name: String, content: String)] = [
        (
            .sms, .applicantOutreach, "Applicant intro (SMS)",
            "Hi {{CANDIDATE_FIRST_NAME}}, this is {{AGENT_NAME}} from {{COMPANY_NAME}}. Thanks for applying for "
                + "{{CAMPAIGN_TITLE}}! Do you have a couple of minutes for a few quick questions? Reply STOP to opt out."
        ),
        (
            .sms, .newCandidateOutreach, "New candidate intro (SMS)",
            "Hi {{CANDIDATE_FIRST_NAME}}, this is {{AGENT_NAME}} from {{COMPANY_NAME}}. We're hiring for "
                + "{{CAMPAIGN_TITLE}} and your profile stood out. Open to a few quick questions? Reply STOP to opt out."
        ),
        (
            .sms, .engagementOutreach, "Engagement check-in (SMS)",
            "Hi {{CANDIDATE_FIRST_NAME}}, it's {{AGENT_NAME}} from {{COMPANY_NAME}} about {{CAMPAIGN_TITLE}}. "
                + "Have you got a minute? Reply STOP to opt out."
        ),
        (
            .whatsapp, .applicantOutreach, "Applicant intro (WhatsApp)",
            "Hi {{CANDIDATE_FIRST_NAME}} 👋 this is {{AGENT_NAME}} from {{COMPANY_NAME}}. Thanks for applying for "
                + "{{CAMPAIGN_TITLE}}! Do you have a couple of minutes for a few quick questions?"
        ),
        (
            .whatsapp, .newCandidateOutreach, "New candidate intro (WhatsApp)",
            "Hi {{CANDIDATE_FIRST_NAME}} 👋 this is {{AGENT_NAME}} from {{COMPANY_NAME}}. We're hiring for "
                + "{{CAMPAIGN_TITLE}} and your profile stood out. Open to a few quick questions?"
        ),
        (
            .whatsapp, .engagementOutreach, "Engagement check-in (WhatsApp)",
            "Hi {{CANDIDATE_FIRST_NAME}} 👋 it's {{AGENT_NAME}} from {{COMPANY_NAME}} about {{CAMPAIGN_TITLE}}. "
                + "Have you got a minute?"
        ),
        (
            .email, .applicantOutreach, "Applicant intro (email)",
            "Hi {{CANDIDATE_FIRST_NAME}},\n\nI'm {{AGENT_NAME}} from {{COMPANY_NAME}}. Thank you for applying for "
                + "{{CAMPAIGN_TITLE}}. I have a few quick questions to move your application forward; just reply to "
                + "this email.\n\nBest,\n{{AGENT_NAME}}"
        ),
        (
            .email, .newCandidateOutreach, "New candidate intro (email)",
            "Hi {{CANDIDATE_FIRST_NAME}},\n\nI'm {{AGENT_NAME}} from {{COMPANY_NAME}}. We're hiring for "
                + "{{CAMPAIGN_TITLE}} and your background caught our eye. Would you be open to a few quick questions? "
                + "Just reply to this email.\n\nBest,\n{{AGENT_NAME}}"
        ),
        (
            .email, .engagementOutreach, "Engagement check-in (email)",
            "Hi {{CANDIDATE_FIRST_NAME}},\n\nI'm {{AGENT_NAME}} from {{COMPANY_NAME}}, getting in touch about "
                + "{{CAMPAIGN_TITLE}}. Do you have a minute to reply to a couple of questions?\n\nBest,\n{{AGENT_NAME}}"
        ),
        (
            .sms, .scheduling, "Interview booking (SMS)",
            "Hi {{CANDIDATE_FIRST_NAME}}, it's {{AGENT_NAME}} from {{COMPANY_NAME}}. Please pick a time for your "
                + "{{CAMPAIGN_TITLE}} interview: {{MEETING_URL}} Reply STOP to opt out."
        ),
        (
            .whatsapp, .scheduling, "Interview booking (WhatsApp)",
            "Hi {{CANDIDATE_FIRST_NAME}} 👋 it's {{AGENT_NAME}} from {{COMPANY_NAME}}. Please pick a time for your "
                + "{{CAMPAIGN_TITLE}} interview: {{MEETING_URL}}"
        ),
        (
            .email, .scheduling, "Interview booking (email)",
            "Hi {{CANDIDATE_FIRST_NAME}},\n\nI'm {{AGENT_NAME}} from {{COMPANY_NAME}}. Please pick a time for your "
                + "{{CAMPAIGN_TITLE}} interview that suits you: {{MEETING_URL}}\n\nBest,\n{{AGENT_NAME}}"
        ),
    ]

    /// Fresh templates for a new organization.
    package static func make(for organizationID: Organization.ID, ids: IDGenerator, at now: Date) -> [MessageTemplate] {
        texts.map { channel, campaignType, name, content in
            MessageTemplate(
                id: ids.next(),
                organizationID: organizationID,
                kind: .openingMessage,
                channel: channel,
                campaignType: campaignType,
                name: name,
                content: content,
                createdAt: now
            )
        }
    }
}
