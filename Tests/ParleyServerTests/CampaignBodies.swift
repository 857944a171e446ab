/// Request bodies the campaign tests start from.
enum CampaignBodies {
    /// A complete, valid NEW_CANDIDATE_OUTREACH campaign.
    static let valid = body()

    /// A valid body with some fields replaced or removed (`nil` removes).
    static func body(_ overrides: [String: String?] = [:]) -> String {
        var fields: [String: String] = [
            "campaignType": #""NEW_CANDIDATE_OUTREACH""#,
            "channel": #""SMS""#,
            "campaignTitle": #""Barista""#,
            "campaignDescription": #""Make great coffee in our Berlin roastery. 30 hours a week, €15/hour.""#,
            "closingMethod": #""MEETING_URL""#,
            "meetingUrl": #""https://cal.example.com/acme/intro""#,
            "closingMessage": #""Great, you're through! Pick a time that suits you.""#,
            "rejectionMessage": #""Thanks for your time; we'll keep your details on file.""#,
            "questions": #"[{"questionType":"YES_NO","content":"Can you work weekends?","isMandatory":true}]"#,
        ]
        for (key, value) in overrides { fields[key] = value }
        return "{" + fields.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}"
    }
}
