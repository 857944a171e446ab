import Foundation
import ParleyScheduling
import Testing

@Suite struct FreeSlotsTests {
    let berlin = TestSupport.zone("Europe/Berlin")

    /// Weekdays 09:00–12:00 in Berlin, hour-long meetings on the half hour.
    func morningRules(days: Int = 2, notice: Int = 0, buffer: Int = 0, step: Int = 30, duration: Int = 60) -> SlotRules {
        SlotRules(
            openHours: [OpenHours(weekdays: [2, 3, 4, 5, 6], start: 9 * 60, end: 12 * 60)], timeZone: berlin,
            durationMinutes: duration, bufferMinutes: buffer, minimumNoticeMinutes: notice, bookingWindowDays: days,
            stepMinutes: step)
    }

    @Test func weekdayWindowsGiveStepAlignedSlotsInOrder() {
        let now = TestSupport.local(2025, 3, 3, 8, in: berlin)  // Monday
        let slots = freeSlots(rules: morningRules(), now: now, bookings: [], busy: [])
        #expect(
            TestSupport.localStarts(slots, in: berlin) == [
                "Mon 09:00", "Mon 09:30", "Mon 10:00", "Mon 10:30", "Mon 11:00",
                "Tue 09:00", "Tue 09:30", "Tue 10:00", "Tue 10:30", "Tue 11:00",
            ])
        #expect(slots.allSatisfy { $0.end.timeIntervalSince($0.start) == 3600 })
    }

    @Test func weekendsAreClosed() {
        let now = TestSupport.local(2025, 3, 7, 8, in: berlin)  // Friday
        let slots = freeSlots(rules: morningRules(days: 3), now: now, bookings: [], busy: [])
        #expect(TestSupport.localStarts(slots, in: berlin) == ["Fri 09:00", "Fri 09:30", "Fri 10:00", "Fri 10:30", "Fri 11:00"])
    }

    @Test func minimumNoticePushesTheFirstSlot() {
        let now = TestSupport.local(2025, 3, 3, 9, 10, in: berlin)
        let slots = freeSlots(rules: morningRules(days: 1, notice: 60), now: now, bookings: [], busy: [])
        #expect(TestSupport.localStarts(slots, in: berlin) == ["Mon 10:30", "Mon 11:00", "Tue 09:00"])
    }

    @Test func bookingWindowEndsSoManyDaysFromNow() {
        let now = TestSupport.local(2025, 3, 3, 10, in: berlin)
        let slots = freeSlots(rules: morningRules(days: 1), now: now, bookings: [], busy: [])
        #expect(TestSupport.localStarts(slots, in: berlin) == ["Mon 10:00", "Mon 10:30", "Mon 11:00", "Tue 09:00", "Tue 09:30"])
    }

    @Test func bufferKeepsNeighboursOfABookingFree() {
        let now = TestSupport.local(2025, 3, 3, 8, in: berlin)
        var rules = morningRules(days: 1, buffer: 15, step: 15, duration: 30)
        rules.openHours = [OpenHours(weekdays: [2], start: 9 * 60, end: 13 * 60)]
        let booking = BusyInterval(start: TestSupport.local(2025, 3, 3, 10, in: berlin), end: TestSupport.local(2025, 3, 3, 11, in: berlin))
        let slots = freeSlots(rules: rules, now: now, bookings: [booking], busy: [])
        #expect(
            TestSupport.localStarts(slots, in: berlin) == [
                "Mon 09:00", "Mon 09:15", "Mon 11:15", "Mon 11:30", "Mon 11:45", "Mon 12:00", "Mon 12:15", "Mon 12:30",
            ])
    }

    @Test func busyIntervalsBlockWithoutBuffer() {
        let now = TestSupport.local(2025, 3, 3, 8, in: berlin)
        let busy = [
            BusyInterval(start: TestSupport.local(2025, 3, 3, 9, 50, in: berlin), end: TestSupport.local(2025, 3, 3, 10, 10, in: berlin)),
            BusyInterval(start: TestSupport.local(2025, 3, 3, 11, 30, in: berlin), end: TestSupport.local(2025, 3, 3, 12, 30, in: berlin)),
        ]
        let slots = freeSlots(rules: morningRules(days: 1, buffer: 30), now: now, bookings: [], busy: busy)
        #expect(TestSupport.localStarts(slots, in: berlin) == ["Mon 10:30"])
    }

    @Test func slotsStepFromTheWindowsLocalStart() {
        let now = TestSupport.local(2025, 3, 3, 8, in: berlin)
        var rules = morningRules(days: 1, step: 20, duration: 20)
        rules.openHours = [OpenHours(weekdays: [2], start: 9 * 60 + 10, end: 10 * 60)]
        let slots = freeSlots(rules: rules, now: now, bookings: [], busy: [])
        #expect(TestSupport.localStarts(slots, in: berlin) == ["Mon 09:10", "Mon 09:30"])
        #expect(isFree(start: TestSupport.local(2025, 3, 3, 9, 30, in: berlin), rules: rules, now: now, bookings: [], busy: []))
        #expect(!isFree(start: TestSupport.local(2025, 3, 3, 9, 20, in: berlin), rules: rules, now: now, bookings: [], busy: []))
        #expect(!isFree(start: TestSupport.local(2025, 3, 3, 9, 50, in: berlin), rules: rules, now: now, bookings: [], busy: []))
    }

    @Test func aSlotMustFitInOneWindowAndOverlappingWindowsGiveNoDuplicates() {
        let now = TestSupport.local(2025, 3, 3, 8, in: berlin)
        var rules = morningRules(days: 1)
        rules.openHours = [OpenHours(weekdays: [2], start: 9 * 60, end: 10 * 60), OpenHours(weekdays: [2], start: 10 * 60, end: 11 * 60)]
        #expect(TestSupport.localStarts(freeSlots(rules: rules, now: now, bookings: [], busy: []), in: berlin) == ["Mon 09:00", "Mon 10:00"])
        rules.openHours = [OpenHours(weekdays: [2], start: 9 * 60, end: 11 * 60), OpenHours(weekdays: [2], start: 10 * 60, end: 12 * 60)]
        #expect(
            TestSupport.localStarts(freeSlots(rules: rules, now: now, bookings: [], busy: []), in: berlin) == [
                "Mon 09:00", "Mon 09:30", "Mon 10:00", "Mon 10:30", "Mon 11:00",
            ])
    }

    @Test func aWindowMayEndAtMidnight() {
        let zone = TestSupport.zone("America/New_York")
        let rules = SlotRules(
            openHours: [OpenHours(weekdays: [4], start: 22 * 60, end: 1440)], timeZone: zone, durationMinutes: 60,
            bookingWindowDays: 7, stepMinutes: 30)
        let now = TestSupport.local(2025, 3, 3, 8, in: zone)
        let slots = freeSlots(rules: rules, now: now, bookings: [], busy: [])
        #expect(TestSupport.localTimes(slots, in: zone) == ["22:00-05:00-23:00-05:00", "22:30-05:00-23:30-05:00", "23:00-05:00-00:00-05:00"])
        #expect(slots.last?.end == TestSupport.local(2025, 3, 6, 0, in: zone))
    }

    @Test func limitKeepsTheEarliest() {
        let now = TestSupport.local(2025, 3, 3, 8, in: berlin)
        let all = freeSlots(rules: morningRules(days: 10), now: now, bookings: [], busy: [])
        #expect(freeSlots(rules: morningRules(days: 10), now: now, bookings: [], busy: [], limit: 3) == Array(all.prefix(3)))
        #expect(freeSlots(rules: morningRules(days: 10), now: now, bookings: [], busy: [], limit: 7) == Array(all.prefix(7)))
        #expect(freeSlots(rules: morningRules(days: 10), now: now, bookings: [], busy: [], limit: 0).isEmpty)
        #expect(freeSlots(rules: morningRules(days: 10), now: now, bookings: [], busy: [], limit: 1000) == all)
    }

    @Test func isFreeAgreesWithFreeSlots() {
        let now = TestSupport.local(2025, 3, 3, 9, 5, in: berlin)
        let rules = morningRules(days: 3, notice: 30, buffer: 10, step: 15, duration: 45)
        let bookings = [
            BusyInterval(start: TestSupport.local(2025, 3, 4, 10, in: berlin), end: TestSupport.local(2025, 3, 4, 10, 30, in: berlin))
        ]
        let busy = [BusyInterval(start: TestSupport.local(2025, 3, 5, 9, in: berlin), end: TestSupport.local(2025, 3, 5, 9, 40, in: berlin))]
        let slots = Set(freeSlots(rules: rules, now: now, bookings: bookings, busy: busy).map(\.start))
        #expect(!slots.isEmpty)
        var checked = 0
        var candidate = TestSupport.local(2025, 3, 3, 0, in: berlin)
        while candidate < TestSupport.local(2025, 3, 7, 0, in: berlin) {
            #expect(isFree(start: candidate, rules: rules, now: now, bookings: bookings, busy: busy) == slots.contains(candidate))
            candidate += 300
            checked += 1
        }
        #expect(checked == 4 * 288)
        #expect(!isFree(start: TestSupport.local(2025, 3, 3, 10, in: berlin) + 0.5, rules: rules, now: now, bookings: [], busy: []))
    }

    @Test func manyBookingsOverAWideWindow() {
        let now = TestSupport.local(2025, 3, 3, 8, in: berlin)
        let rules = SlotRules(
            openHours: [
                OpenHours(weekdays: [2, 3, 4, 5, 6], start: 8 * 60, end: 12 * 60),
                OpenHours(weekdays: [2, 3, 4, 5, 6], start: 13 * 60, end: 18 * 60),
                OpenHours(weekdays: [7], start: 10 * 60, end: 14 * 60),
            ], timeZone: berlin, durationMinutes: 30, bufferMinutes: 10, minimumNoticeMinutes: 120, bookingWindowDays: 60)
        let bookings = (0..<400).map { index in
            let start = now.addingTimeInterval(Double(index) * 3.7 * 3600)
            return BusyInterval(start: start, end: start + 1800)
        }
        let slots = freeSlots(rules: rules, now: now, bookings: bookings.shuffled(), busy: [])
        #expect(slots.count > 1000)
        #expect(zip(slots, slots.dropFirst()).allSatisfy { $0.start < $1.start })
        for slot in slots.prefix(200) {
            #expect(bookings.allSatisfy { slot.end <= $0.start - 600 || slot.start >= $0.end + 600 })
        }
    }

    @Test func rulesThatAllowNothingGiveNothing() {
        let now = TestSupport.local(2025, 3, 3, 8, in: berlin)
        #expect(freeSlots(rules: morningRules(days: 0), now: now, bookings: [], busy: []).isEmpty)
        #expect(freeSlots(rules: morningRules(step: 0), now: now, bookings: [], busy: []).isEmpty)
        #expect(freeSlots(rules: morningRules(duration: 240), now: now, bookings: [], busy: []).isEmpty)
        #expect(!isFree(start: TestSupport.local(2025, 3, 3, 9, in: berlin), rules: morningRules(days: 0), now: now, bookings: [], busy: []))
    }
}
