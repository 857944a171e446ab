import Foundation

extension MeetingTemplate.Definition {
    /// The most participants a meeting may have.
    package static let participantLimit = 20
    /// The most open-hours windows.
    package static let openHoursLimit = 21

    /// Checks every rule; the errors name each field (`meetingParticipants[1].email`, `openHours[0].end`…).
    package func check() throws(ValidationError) {
        var validator = Validator()
        validator.requiredText(title, "title", TextLimits(maximum: 200))
        validator.text(description, "description", TextLimits(maximum: 2_000))
        validator.check(
            (1...Self.participantLimit).contains(participants.count), "meetingParticipants",
            "must list 1 to \(Self.participantLimit) participants"
        )
        validator.check(
            participants.filter(\.isOrganizer).count == 1 || participants.isEmpty, "meetingParticipants", "must mark exactly one isOrganizer")
        for (index, participant) in participants.enumerated() {
            validator.requiredText(participant.name, "meetingParticipants[\(index)].name", .name)
            validator.emailAddress(participant.email, "meetingParticipants[\(index)].email")
        }
        let emails = participants.map { $0.email.lowercased() }
        validator.check(Set(emails).count == emails.count, "meetingParticipants", "must not list an email twice")
        validator.check((1...Self.openHoursLimit).contains(openHours.count), "openHours", "must list 1 to \(Self.openHoursLimit) windows")
        validator.check(TimeZone(identifier: timeZone) != nil, "timezone", "must be an IANA time zone such as Europe/London")
        validator.check((1...1_440).contains(durationMinutes), "duration", "must be 1 to 1440 minutes")
        if videoConferencing {
            validator.check(videoConferencingProvider != nil, "videoConferencingProvider", "is required when videoConferencing is true")
            validator.check(location == nil, "location", "is not allowed when videoConferencing is true")
            validator.webURL(videoConferencingURL, "videoConferencingUrl")
        } else {
            validator.check(videoConferencingProvider == nil, "videoConferencingProvider", "is allowed only when videoConferencing is true")
            validator.check(videoConferencingURL == nil, "videoConferencingUrl", "is allowed only when videoConferencing is true")
            validator.text(location, "location", TextLimits(maximum: 500))
        }
        validator.check(
            (0...120).contains(bufferMinutes) && bufferMinutes % 5 == 0, "bufferMinutes", "must be 0 to 120, a multiple of 5"
        )
        validator.check((1...40_320).contains(reminderMinutes), "reminderMinutes", "must be 1 to 40320 (four weeks)")
        validator.check((0...43_200).contains(minimumNoticeMinutes), "minimumNoticeMinutes", "must be 0 to 43200 (30 days)")
        validator.check((1...365).contains(bookingWindowDays), "bookingWindowDays", "must be 1 to 365")
        try validator.finish()
    }
}
