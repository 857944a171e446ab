import Foundation
import ParleyScheduling
import Testing

/// Windows are wall-clock times: on days the clocks change they hold the real time between their bounds.
@Suite struct DaylightSavingTests {
    let berlin = TestSupport.zone("Europe/Berlin")
    let newYork = TestSupport.zone("America/New_York")

    /// Sunday-only rules in `zone` for a window from `start` to `end` (hours, or minutes when given as such).
    func sundayRules(_ zone: TimeZone, start: Int, end: Int, duration: Int, step: Int) -> SlotRules {
        SlotRules(
            openHours: [OpenHours(weekdays: [1], start: start, end: end)], timeZone: zone, durationMinutes: duration,
            bookingWindowDays: 3, stepMinutes: step)
    }

    /// The slots on the Sunday after `now`.
    func slots(_ rules: SlotRules, from now: Date) -> [Slot] {
        freeSlots(rules: rules, now: now, bookings: [], busy: [])
    }

    @Test func berlinSpringForwardWindowHasTwoRealHours() {
        let now = TestSupport.instant("2025-03-29T12:00:00+01:00")
        let quarters = slots(sundayRules(berlin, start: 60, end: 240, duration: 15, step: 15), from: now)
        #expect(quarters.count == 8)
        #expect(
            TestSupport.localTimes(quarters, in: berlin).map { String($0.prefix(11)) } == [
                "01:00+01:00", "01:15+01:00", "01:30+01:00", "01:45+01:00", "03:00+02:00", "03:15+02:00", "03:30+02:00", "03:45+02:00",
            ])
        let hours = slots(sundayRules(berlin, start: 60, end: 240, duration: 60, step: 15), from: now)
        #expect(
            TestSupport.localTimes(hours, in: berlin) == [
                "01:00+01:00-03:00+02:00", "01:15+01:00-03:15+02:00", "01:30+01:00-03:30+02:00", "01:45+01:00-03:45+02:00",
                "03:00+02:00-04:00+02:00",
            ])
        #expect(hours.allSatisfy { $0.end.timeIntervalSince($0.start) == 3600 })
    }

    @Test func berlinSkippedLocalTimesGiveNoSlots() {
        let now = TestSupport.instant("2025-03-29T12:00:00+01:00")
        #expect(slots(sundayRules(berlin, start: 120, end: 180, duration: 15, step: 15), from: now).isEmpty)
        let late = slots(sundayRules(berlin, start: 150, end: 240, duration: 30, step: 15), from: now)
        #expect(TestSupport.localTimes(late, in: berlin) == ["03:00+02:00-03:30+02:00", "03:15+02:00-03:45+02:00", "03:30+02:00-04:00+02:00"])
    }

    @Test func berlinFallBackBusinessDayHasEightHours() {
        let now = TestSupport.instant("2025-10-25T12:00:00+02:00")
        let hours = slots(sundayRules(berlin, start: 9 * 60, end: 17 * 60, duration: 60, step: 60), from: now)
        #expect(
            TestSupport.localTimes(hours, in: berlin).map { String($0.prefix(5)) } == [
                "09:00", "10:00", "11:00", "12:00", "13:00", "14:00", "15:00", "16:00",
            ])
        #expect(hours.allSatisfy { TestSupport.localTimes([$0], in: berlin)[0].contains("+01:00-") })
        #expect(slots(sundayRules(berlin, start: 9 * 60, end: 17 * 60, duration: 15, step: 15), from: now).count == 32)
    }

    @Test func berlinRepeatedHourGivesDistinctNonOverlappingSlots() {
        let now = TestSupport.instant("2025-10-25T12:00:00+02:00")
        let hours = slots(sundayRules(berlin, start: 0, end: 6 * 60, duration: 60, step: 60), from: now)
        #expect(
            TestSupport.localTimes(hours, in: berlin) == [
                "00:00+02:00-01:00+02:00", "01:00+02:00-02:00+02:00", "02:00+02:00-02:00+01:00", "02:00+01:00-03:00+01:00",
                "03:00+01:00-04:00+01:00", "04:00+01:00-05:00+01:00", "05:00+01:00-06:00+01:00",
            ])
        #expect(zip(hours, hours.dropFirst()).allSatisfy { $0.end <= $1.start })
        #expect(Set(hours).count == hours.count)
        let repeated = slots(sundayRules(berlin, start: 2 * 60 + 15, end: 2 * 60 + 45, duration: 30, step: 15), from: now)
        #expect(TestSupport.localTimes(repeated, in: berlin) == ["02:15+02:00-02:45+02:00", "02:15+01:00-02:45+01:00"])
    }

    @Test func newYorkSpringForward() {
        let now = TestSupport.instant("2025-03-08T12:00:00-05:00")
        let hours = slots(sundayRules(newYork, start: 60, end: 240, duration: 60, step: 30), from: now)
        #expect(TestSupport.localTimes(hours, in: newYork) == ["01:00-05:00-03:00-04:00", "01:30-05:00-03:30-04:00", "03:00-04:00-04:00-04:00"])
        let business = slots(sundayRules(newYork, start: 9 * 60, end: 17 * 60, duration: 60, step: 60), from: now)
        #expect(business.count == 8)
        #expect(TestSupport.localTimes(business, in: newYork).first == "09:00-04:00-10:00-04:00")
    }

    @Test func newYorkFallBack() {
        let now = TestSupport.instant("2025-11-01T12:00:00-04:00")
        let hours = slots(sundayRules(newYork, start: 0, end: 3 * 60, duration: 60, step: 60), from: now)
        #expect(
            TestSupport.localTimes(hours, in: newYork) == [
                "00:00-04:00-01:00-04:00", "01:00-04:00-01:00-05:00", "01:00-05:00-02:00-05:00", "02:00-05:00-03:00-05:00",
            ])
        let business = slots(sundayRules(newYork, start: 9 * 60, end: 17 * 60, duration: 30, step: 30), from: now)
        #expect(business.count == 16)
        #expect(TestSupport.localTimes(business, in: newYork).last == "16:30-05:00-17:00-05:00")
    }

    @Test func isFreeFollowsRealTimeOnTransitionDays() {
        let spring = sundayRules(berlin, start: 60, end: 240, duration: 60, step: 15)
        let springNow = TestSupport.instant("2025-03-29T12:00:00+01:00")
        #expect(isFree(start: TestSupport.instant("2025-03-30T01:45:00+01:00"), rules: spring, now: springNow, bookings: [], busy: []))
        #expect(isFree(start: TestSupport.instant("2025-03-30T03:00:00+02:00"), rules: spring, now: springNow, bookings: [], busy: []))
        #expect(!isFree(start: TestSupport.instant("2025-03-30T03:15:00+02:00"), rules: spring, now: springNow, bookings: [], busy: []))
        let fall = sundayRules(berlin, start: 0, end: 6 * 60, duration: 60, step: 60)
        let fallNow = TestSupport.instant("2025-10-25T12:00:00+02:00")
        #expect(isFree(start: TestSupport.instant("2025-10-26T02:00:00+02:00"), rules: fall, now: fallNow, bookings: [], busy: []))
        #expect(isFree(start: TestSupport.instant("2025-10-26T02:00:00+01:00"), rules: fall, now: fallNow, bookings: [], busy: []))
        #expect(!isFree(start: TestSupport.instant("2025-10-26T02:30:00+01:00"), rules: fall, now: fallNow, bookings: [], busy: []))
    }
}
