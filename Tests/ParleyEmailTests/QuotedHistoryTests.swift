import ParleyEmail
import Testing

/// Replies as real mail clients write them.
@Suite struct QuotedHistoryTests {
    @Test func gmailReplyWithOneWord() {
        let text = """
            Yes

            On Tue, 3 Mar 2026 at 10:00, Parley <jobs+x@acme.com> wrote:

            > Hi Jane,
            > Are you open to a new role?
            >
            > Parley
            """
        #expect(QuotedHistory.stripped(text) == "Yes")
    }

    @Test func gmailAttributionWrappedOverTwoLines() {
        let text = """
            Yes, Thursday afternoon works for me.

            On Tue, 3 Mar 2026 at 10:00, Parley <jobs+x@acme.com>
            wrote:

            > Would you have time for a call this week?
            """
        #expect(QuotedHistory.stripped(text) == "Yes, Thursday afternoon works for me.")
    }

    @Test func gmailUSFormatWithNarrowNoBreakSpace() {
        let text = "Sounds good!\n\nOn Tue, Mar 3, 2026 at 10:00\u{202F}AM Parley Recruiting <jobs@acme.com> wrote:\n> Hello"
        #expect(QuotedHistory.stripped(text) == "Sounds good!")
    }

    @Test func outlookDesktopWithHeaderBlockAndCRLF() {
        let text = [
            "Hi,", "", "I am interested, but only in remote positions.", "", "Best regards,", "Jane Doe", "",
            "From: Parley <jobs@acme.com>", "Sent: Tuesday, March 3, 2026 10:00 AM", "To: Jane Doe <jane@example.com>",
            "Subject: Senior Engineer role at Acme", "", "Hi Jane,", "Are you open to a new role?",
        ].joined(separator: "\r\n")
        #expect(QuotedHistory.stripped(text) == "Hi,\n\nI am interested, but only in remote positions.\n\nBest regards,\nJane Doe")
    }

    @Test func outlookWebWithUnderscoreSeparator() {
        let text = """
            No thanks, I just started a new job.

            ________________________________
            From: Parley <jobs@acme.com>
            Sent: Tuesday, March 3, 2026 10:00
            To: jane@example.com
            Subject: Senior Engineer role
            """
        #expect(QuotedHistory.stripped(text) == "No thanks, I just started a new job.")
    }

    @Test func outlookOriginalMessageSeparator() {
        let text = """
            Please call me on Friday.

            -----Original Message-----
            From: Parley [mailto:jobs@acme.com]
            Sent: Tuesday, March 03, 2026 10:00 AM
            """
        #expect(QuotedHistory.stripped(text) == "Please call me on Friday.")
    }

    @Test func outlookBoldHeaderBlockFromHTMLConversion() {
        let text = """
            Yes

            *From:* Parley <jobs@acme.com>
            *Sent:* Tuesday, March 3, 2026 10:00 AM
            *To:* Jane <jane@example.com>
            """
        #expect(QuotedHistory.stripped(text) == "Yes")
    }

    @Test func appleMailWithSentFromMyIPhone() {
        let text = """
            I'd love to hear more. Mornings are best.

            Sent from my iPhone

            > On 3 Mar 2026, at 10:00, Parley <jobs@acme.com> wrote:
            >
            > Hi Jane, are you open to a new role?
            """
        #expect(QuotedHistory.stripped(text) == "I'd love to hear more. Mornings are best.")
    }

    @Test func appleMailUnquotedAttribution() {
        let text = """
            Maybe — what is the salary range?

            On Mar 3, 2026, at 10:00, Parley <jobs@acme.com> wrote:

            Hi Jane,
            We have an opening.
            """
        #expect(QuotedHistory.stripped(text) == "Maybe — what is the salary range?")
    }

    @Test func inlineAnswersBetweenQuotedLines() {
        let text = """
            > Are you open to remote work?
            Yes
            > Which city do you live in?
            Berlin
            """
        #expect(QuotedHistory.stripped(text) == "Yes\nBerlin")
    }

    @Test func signatureAfterDashDashSpace() {
        let text = "Yes, please send details.\n\n-- \nJane Doe\nStaff Engineer | +49 123 456\n"
        #expect(QuotedHistory.stripped(text) == "Yes, please send details.")
    }

    @Test func frenchAndGermanAttributions() {
        let french = "Oui, avec plaisir.\n\nLe mar. 3 mars 2026 à 10:00, Parley <jobs@acme.com> a écrit :\n> Bonjour"
        #expect(QuotedHistory.stripped(french) == "Oui, avec plaisir.")
        let german = "Ja, gerne.\n\nAm Di., 3. März 2026 um 10:00 Uhr schrieb Parley <jobs@acme.com>:\n> Hallo"
        #expect(QuotedHistory.stripped(german) == "Ja, gerne.")
    }

    @Test func topPostedReplyKeepsSeveralParagraphs() {
        let text = """
            Hi Parley team,

            Thanks for reaching out. I have 7 years of Swift experience.
            On weekdays I can talk after 5pm.

            Jane

            On Tue, 3 Mar 2026 at 10:00, Parley <jobs@acme.com> wrote:
            > Hi Jane
            """
        #expect(
            QuotedHistory.stripped(text)
                == "Hi Parley team,\n\nThanks for reaching out. I have 7 years of Swift experience.\nOn weekdays I can talk after 5pm.\n\nJane")
    }

    @Test func textWithoutHistoryIsOnlyTrimmed() {
        #expect(QuotedHistory.stripped("\r\n  Not interested, thank you.  \r\n\r\n") == "Not interested, thank you.")
        #expect(QuotedHistory.stripped("") == "")
    }

    @Test func sentenceStartingWithOnIsNotAHeader() {
        let text = "On second thought, yes.\nOn Monday I wrote: my notice period is 3 months"
        #expect(QuotedHistory.stripped(text) == text)
    }

    @Test func forwardedMessageIsCut() {
        let text = "See below.\n\n---------- Forwarded message ---------\nFrom: Someone <a@b.c>\nDate: Tue"
        #expect(QuotedHistory.stripped(text) == "See below.")
    }
}
