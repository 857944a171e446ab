import Foundation
import ParleyScheduling
import Testing

@Suite struct CalendarInviteTests {
    /// The physical lines of `text`, which must all end in CRLF.
    func physicalLines(_ text: String) -> [String] {
        #expect(text.hasSuffix("\r\n"))
        return text.components(separatedBy: "\r\n").dropLast()
    }

    /// The content lines of `text` with folding undone.
    func unfolded(_ text: String) -> [String] {
        text.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "\r\n").dropLast()
    }

    @Test func linesAreFoldedAt75OctetsWithoutSplittingCharacters() throws {
        let text = InviteFixtures.request.rendered()
        let bytes = Array(text.utf8)
        var lineStart = 0
        var index = 0
        var lines = 0
        while index + 1 < bytes.count {
            if bytes[index] == 13 {
                #expect(bytes[index + 1] == 10)
                let line = Array(bytes[lineStart..<index])
                #expect(line.count <= 75)
                #expect(String(validating: line, as: UTF8.self) != nil)
                lines += 1
                lineStart = index + 2
                index += 2
            } else {
                #expect(bytes[index] != 10)
                index += 1
            }
        }
        #expect(lines == physicalLines(text).count)
        #expect(physicalLines(text).contains { $0.hasPrefix(" ") })
        #expect(physicalLines(text).filter { !$0.hasPrefix(" ") }.count == unfolded(text).count)
    }

    @Test func textValuesAreEscaped() {
        let lines = unfolded(InviteFixtures.request.rendered())
        #expect(lines.contains("SUMMARY:Interview\\; Backend\\, Platform \\\\ Team: Zoë 🚀"))
        #expect(lines.contains("LOCATION:Room 4\\, Floor 2\\; Berlin"))
        let description = lines.first { $0.hasPrefix("DESCRIPTION:Hi") }
        #expect(
            description?.hasPrefix("DESCRIPTION:Hi Zoë\\,\\nThanks for your time\\; we'll talk about the role\\, the team\\, and next steps.\\nJoin:")
                == true)
        #expect(description?.contains("\\n\\n") == false)
        #expect(lines.contains("URL:https://parley.example/booking/42?token=a,b;c"))
    }

    @Test func participantsAreQuotedOnlyWhenNeeded() {
        let lines = unfolded(InviteFixtures.request.rendered())
        #expect(lines.contains("ORGANIZER;CN=\"Parley: Recruiting\":mailto:recruiting@parley.example"))
        #expect(lines.contains("ATTENDEE;CN=\"Doe, Jane\";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:jane@example.com"))
        #expect(lines.contains("ATTENDEE;CN=Zoë 'Z' Ünal;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:zoe@example.org"))
        #expect(lines.contains("ATTENDEE;CN=Plain Name;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:plain@example.net"))
    }

    @Test func requestHasTheCoreProperties() {
        let lines = unfolded(InviteFixtures.request.rendered())
        #expect(lines.first == "BEGIN:VCALENDAR")
        #expect(lines.last == "END:VCALENDAR")
        for line in [
            "VERSION:2.0", "PRODID:-//Parley//Scheduling//EN", "METHOD:REQUEST", "UID:slot-42@parley.example", "SEQUENCE:2",
            "DTSTAMP:20250301T081530Z", "DTSTART:20250304T090000Z", "DTEND:20250304T093000Z", "STATUS:CONFIRMED",
            "BEGIN:VALARM", "TRIGGER:-PT15M", "ACTION:DISPLAY", "END:VALARM",
        ] {
            #expect(lines.contains(line), "missing \(line)")
        }
    }

    @Test func cancellationHasNoAlarmAndIsCancelled() {
        let lines = unfolded(InviteFixtures.cancellation.rendered())
        #expect(lines.contains("METHOD:CANCEL"))
        #expect(lines.contains("STATUS:CANCELLED"))
        #expect(lines.contains("SEQUENCE:3"))
        #expect(!lines.contains("BEGIN:VALARM"))
        #expect(!lines.contains { $0.hasPrefix("LOCATION") || $0.hasPrefix("URL") })
    }
}
