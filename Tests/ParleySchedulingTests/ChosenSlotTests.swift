import Foundation
import ParleyScheduling
import Testing

@Suite struct ChosenSlotTests {
    static let berlin = TestSupport.zone("Europe/Berlin")
    /// Monday 3 March 2025, 12:00 in Berlin.
    static let now = TestSupport.local(2025, 3, 3, 12, in: berlin)

    /// The offer "1) Tue 4 Mar 10:00, 2) Wed 5 Mar 14:30, 3) Thu 6 Mar 09:00".
    static let offer = [(2025, 3, 4, 10, 0), (2025, 3, 5, 14, 30), (2025, 3, 6, 9, 0)].map { year, month, day, hour, minute in
        let start = TestSupport.local(year, month, day, hour, minute, in: berlin)
        return Slot(start: start, end: start + 1800)
    }

    /// An offer with two slots on Tuesday and two at 10:00: "1) Tue 4 Mar 10:00, 2) Tue 4 Mar 15:00, 3) Thu 6 Mar 10:00".
    static let crowdedOffer = [(2025, 3, 4, 10), (2025, 3, 4, 15), (2025, 3, 6, 10)].map { year, month, day, hour in
        let start = TestSupport.local(year, month, day, hour, in: berlin)
        return Slot(start: start, end: start + 1800)
    }

    @Test(arguments: [
        ("2", 2), ("#2", 2), ("option 2", 2), ("Option two", 2), ("the second", 2), ("2nd", 2), ("second one please", 2),
        ("2 works, thanks!", 2), ("No. 2", 2), ("The Tuesday one", 1), ("tuesday", 1), ("Tue 10am", 1), ("10:00", 1),
        ("10am", 1), ("10 a.m. is great", 1), ("2:30pm", 2), ("14:30", 2), ("Tue 4 Mar 10:00", 1), ("1) Tue 4 Mar 10:00", 1),
        ("4 March at 10", 1), ("March 6th at 9", 3), ("the 5th", 2), ("Thursday at 9am works for me", 3), ("3", 3),
        ("Number 3 please!", 3), ("the last one", 3), ("tomorrow", 1), ("Tomorrow at 10 is perfect", 1),
        ("Wednesday afternoon", 2), ("first", 1), ("I'll take the 1st", 1), ("Ok let's do Weds", 2), ("one", 1),
        ("Thu 6 March, 9:00", 3), ("9 o'clock on Thursday", 3), ("Wednesday 2.30pm", 2), ("the 4th", 1),
    ])
    func readsAChoice(_ reply: String, _ number: Int) {
        #expect(chosenSlot(reply, offered: Self.offer, timeZone: Self.berlin, now: Self.now) == Self.offer[number - 1])
    }

    @Test(arguments: [
        "none of these", "maybe", "2 or 3", "first or second", "Friday", "Tuesday or Wednesday", "can't do any of those",
        "11am", "4", "7 March", "", "yes", "Tue 14:30", "Sorry, none work", "2 doesn't work for me", "noon", "the 4th of April",
        "whichever", "next week?",
    ])
    func declinesOrUnclearRepliesPickNothing(_ reply: String) {
        #expect(chosenSlot(reply, offered: Self.offer, timeZone: Self.berlin, now: Self.now) == nil)
    }

    @Test(arguments: [
        ("tuesday", nil), ("10:00", nil), ("10am", nil), ("Tuesday 3pm", 2), ("Thursday", 3), ("Tue 10am", 1), ("15:00", 2), ("at 3", 2),
    ])
    func ambiguityNeedsMoreDetail(_ reply: String, _ number: Int?) {
        let chosen = chosenSlot(reply, offered: Self.crowdedOffer, timeZone: Self.berlin, now: Self.now)
        #expect(chosen == number.map { Self.crowdedOffer[$0 - 1] })
    }

    @Test func readsTimesInTheCandidatesZone() {
        let newYork = TestSupport.zone("America/New_York")
        #expect(chosenSlot("4am tuesday", offered: Self.offer, timeZone: newYork, now: Self.now) == Self.offer[0])
        #expect(chosenSlot("10am", offered: Self.offer, timeZone: newYork, now: Self.now) == nil)
        #expect(chosenSlot("2", offered: [], timeZone: newYork, now: Self.now) == nil)
    }
}
