package import Foundation

/// How an interview is booked: who meets, when slots may be offered, how long it lasts and where it happens.
/// Campaigns closing with `CALENDAR_MEETING_INTEGRATION`, and SCHEDULING campaigns, book from one.
package struct MeetingTemplate: Sendable, Equatable {
    package typealias ID = Identifier<MeetingTemplate>

    package var id: ID
    package var organizationID: Organization.ID
    package var definition: Definition
    package var createdAt: Date
    package var updatedAt: Date

    package init(id: ID, organizationID: Organization.ID, definition: Definition, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.organizationID = organizationID
        self.definition = definition
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Everything a request sets: a template is replaced whole.
    package struct Definition: Sendable, Equatable, Codable {
        package var title: String
        package var description: String?
        package var participants: [MeetingParticipant]
        /// The weekly windows slots may be offered in, in `timeZone`.
        package var openHours: [BusinessHours]
        /// An IANA zone name, such as `Europe/London`.
        package var timeZone: String
        package var durationMinutes: Int
        package var videoConferencing: Bool
        package var videoConferencingProvider: VideoConferencingProvider?
        /// The meeting room link put into invites, when the meeting is a video call.
        package var videoConferencingURL: String?
        package var location: String?
        /// Kept free before and after every booking.
        package var bufferMinutes: Int
        package var reminderMinutes: Int
        package var minimumNoticeMinutes: Int
        package var bookingWindowDays: Int

        package init(
            title: String, description: String?, participants: [MeetingParticipant], openHours: [BusinessHours], timeZone: String,
            durationMinutes: Int, videoConferencing: Bool, videoConferencingProvider: VideoConferencingProvider?, videoConferencingURL: String?,
            location: String?, bufferMinutes: Int, reminderMinutes: Int, minimumNoticeMinutes: Int, bookingWindowDays: Int
        ) {
            self.title = title
            self.description = description
            self.participants = participants
            self.openHours = openHours
            self.timeZone = timeZone
            self.durationMinutes = durationMinutes
            self.videoConferencing = videoConferencing
            self.videoConferencingProvider = videoConferencingProvider
            self.videoConferencingURL = videoConferencingURL
            self.location = location
            self.bufferMinutes = bufferMinutes
            self.reminderMinutes = reminderMinutes
            self.minimumNoticeMinutes = minimumNoticeMinutes
            self.bookingWindowDays = bookingWindowDays
        }

        /// The participant who organizes the meeting; a checked definition has exactly one.
        package var organizer: MeetingParticipant? { participants.first(where: \.isOrganizer) }
    }

    /// Defaults for the optional settings.
    package enum Defaults {
        package static let bufferMinutes = 0
        package static let reminderMinutes = 1_440
        package static let minimumNoticeMinutes = 0
        package static let bookingWindowDays = 30
    }
}

/// Someone in the meeting besides the candidate.
package struct MeetingParticipant: Sendable, Equatable, Codable {
    package var name: String
    package var email: String
    package var isOrganizer: Bool

    package init(name: String, email: String, isOrganizer: Bool) {
        self.name = name
        self.email = email
        self.isOrganizer = isOrganizer
    }
}

/// The video service a meeting runs on.
package enum VideoConferencingProvider: String, Sendable, Codable, CaseIterable {
    case googleMeet = "GOOGLE_MEET"
    case microsoftTeams = "MICROSOFT_TEAMS"
    case zoom = "ZOOM"
    case other = "OTHER"
}

extension BusinessHours: Codable {
    private enum CodingKeys: String, CodingKey { case weekdays, opens, closes }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            weekdays: try container.decode(Set<Int>.self, forKey: .weekdays), opens: try container.decode(Int.self, forKey: .opens),
            closes: try container.decode(Int.self, forKey: .closes)
        )
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(weekdays.sorted(), forKey: .weekdays)
        try container.encode(opens, forKey: .opens)
        try container.encode(closes, forKey: .closes)
    }
}
