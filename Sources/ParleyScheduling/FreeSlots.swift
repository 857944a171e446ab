package import Foundation

/// The free meeting slots under `rules`, seen from `now`, in time order and at most `limit` of them.
///
/// A slot is free when it lies fully inside one opening window on one local day in `rules.timeZone`, starts a whole
/// number of steps (of local wall-clock time) after the window's local start, starts no earlier than now plus the
/// minimum notice and before now plus the booking window, and overlaps neither a booking widened by the buffer on
/// both sides nor a busy interval. On days when clocks change, windows hold the real time between their wall-clock
/// bounds: skipped local times give no slots and repeated ones give one slot per real instant.
package func freeSlots(rules: SlotRules, now: Date, bookings: [BusyInterval], busy: [BusyInterval], limit: Int? = nil) -> [Slot] {
    guard let plan = SlotPlan(rules: rules, now: now) else { return [] }
    if let limit, limit <= 0 { return [] }
    let blocked = BlockedTimes(bookings: bookings, buffer: Double(rules.bufferMinutes) * 60, busy: busy)
    var starts: [Int] = []
    var lastDay: Int?
    for day in plan.days {
        if let lastDay, day > lastDay { break }
        starts += plan.starts(onDay: day).filter { blocked.isClear(start: Double($0), end: Double($0 + plan.duration)) }
        // Starts two local days apart never interleave, so once `limit` are found one more day settles the order.
        if let limit, lastDay == nil, starts.count >= limit { lastDay = day + 1 }
    }
    starts.sort()
    if let limit { starts = Array(starts.prefix(limit)) }
    return starts.map { start in
        Slot(start: Date(timeIntervalSince1970: Double(start)), end: Date(timeIntervalSince1970: Double(start + plan.duration)))
    }
}

/// Whether a meeting starting at `start` is one of the slots `freeSlots(rules:now:bookings:busy:limit:)` offers.
package func isFree(start: Date, rules: SlotRules, now: Date, bookings: [BusyInterval], busy: [BusyInterval]) -> Bool {
    guard let plan = SlotPlan(rules: rules, now: now) else { return false }
    let seconds = start.timeIntervalSince1970
    guard seconds == seconds.rounded(.down), abs(seconds) < 1e15 else { return false }
    let instant = Int(seconds)
    guard plan.allows(instant) else { return false }
    guard plan.windows(onDay: plan.day(of: instant)).contains(where: { $0.admits(start: instant, step: plan.step, duration: plan.duration) })
    else { return false }
    let blocked = BlockedTimes(bookings: bookings, buffer: Double(rules.bufferMinutes) * 60, busy: busy)
    return blocked.isClear(start: seconds, end: seconds + Double(plan.duration))
}
