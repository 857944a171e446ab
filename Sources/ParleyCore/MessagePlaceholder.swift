import Foundation

/// The `{{NAME}}` placeholders a message text may use, filled in per conversation.
package enum MessagePlaceholder: String, Sendable, CaseIterable {
    case candidateFirstName = "CANDIDATE_FIRST_NAME"
    case candidateLastName = "CANDIDATE_LAST_NAME"
    case agentName = "AGENT_NAME"
    case companyName = "COMPANY_NAME"
    case campaignTitle = "CAMPAIGN_TITLE"
    case meetingURL = "MEETING_URL"

    /// Where a booking link goes, for the server to fill in when the message is written: a link needs the
    /// server's key and public URL, which the state machine does not have. Not a placeholder users may write;
    /// `{{MEETING_URL}}` becomes it on campaigns that book with a meeting template.
    package static let bookingLinkMarker = "{{BOOKING_URL}}"

    /// Where the earliest free meeting times go ("reply 1, 2 or 3"), for the server to fill in from the calendar
    /// when the message is written; like ``bookingLinkMarker``, not a placeholder users may write.
    package static let slotOfferMarker = "{{SLOT_OFFER}}"

    /// The names between `{{` and `}}` in `text`, in order of appearance.
    package static func names(in text: String) -> [String] {
        var names: [String] = []
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            names.append(String(rest[open.upperBound..<close.lowerBound]).trimmingCharacters(in: .whitespaces))
            rest = rest[close.upperBound...]
        }
        return names
    }

    /// The placeholder names in `text` that are not known placeholders.
    package static func unknownNames(in text: String) -> [String] {
        names(in: text).filter { MessagePlaceholder(rawValue: $0) == nil }
    }

    /// Whether `text` contains the uppercase word STOP, which carriers require in SMS opening messages.
    package static func containsStopKeyword(_ text: String) -> Bool {
        text.split(whereSeparator: { !$0.isLetter }).contains("STOP")
    }
}
