/// What the agent hands a candidate who passes screening.
package enum ClosingMethod: String, Sendable, Codable, CaseIterable {
    /// Send a booking link (`meetingUrl`).
    case meetingURL = "MEETING_URL"
    /// Give a number to call (`contactNumber`).
    case phoneNumber = "PHONE_NUMBER"
    /// Send a custom closing text (`customMessage`).
    case custom = "CUSTOM"
    /// Book a slot with built-in scheduling (`calendarMeetingTemplateId`).
    case calendarMeetingIntegration = "CALENDAR_MEETING_INTEGRATION"

    /// The wire name of the field this method needs beside it.
    package var companionField: String {
        switch self {
        case .meetingURL: "meetingUrl"
        case .phoneNumber: "contactNumber"
        case .custom: "customMessage"
        case .calendarMeetingIntegration: "calendarMeetingTemplateId"
        }
    }
}
