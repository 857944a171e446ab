/// What a campaign is for.
package enum CampaignType: String, Sendable, Codable, CaseIterable {
    /// Contact people who applied for a job.
    case applicantOutreach = "APPLICANT_OUTREACH"
    /// Proactively engage new candidates.
    case newCandidateOutreach = "NEW_CANDIDATE_OUTREACH"
    /// Re-engage people for non-job purposes such as surveys or events.
    case engagementOutreach = "ENGAGEMENT_OUTREACH"
    /// Only book a slot: no screening. Needs built-in scheduling, which this server does not offer yet.
    case scheduling = "SCHEDULING"
}
