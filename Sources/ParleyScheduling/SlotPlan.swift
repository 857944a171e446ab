import Foundation

/// `SlotRules` applied from one moment: the range starts may fall in, the zone's offsets over it, and the local
/// days to look at. `nil` when the rules allow no meeting at all.
struct SlotPlan {
    let rules: SlotRules
    /// The earliest allowed start (now plus minimum notice), seconds since 1970.
    let earliest: Double
    /// Starts must come before this, seconds since 1970.
    let latest: Double
    /// Meeting length and start granularity, in seconds.
    let duration: Int
    let step: Int
    let offsets: ZoneOffsets
    /// The local days, numbered from 1 January 1970, whose windows may hold allowed starts.
    let days: ClosedRange<Int>

    init?(rules: SlotRules, now: Date) {
        guard rules.durationMinutes > 0, rules.stepMinutes > 0, rules.bookingWindowDays > 0 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = rules.timeZone
        let end =
            calendar.date(byAdding: .day, value: rules.bookingWindowDays, to: now)
            ?? now.addingTimeInterval(Double(rules.bookingWindowDays) * 86_400)
        self.rules = rules
        earliest = now.timeIntervalSince1970 + Double(max(0, rules.minimumNoticeMinutes)) * 60
        latest = end.timeIntervalSince1970
        guard earliest < latest else { return nil }
        duration = rules.durationMinutes * 60
        step = rules.stepMinutes * 60
        let first = Int(earliest.rounded(.down))
        let last = Int(latest.rounded(.up))
        offsets = ZoneOffsets(timeZone: rules.timeZone, from: first - 2 * 86_400, through: last + 2 * 86_400)
        days = (floorDivide(offsets.wallClock(at: first), 86_400) - 1)...(floorDivide(offsets.wallClock(at: last), 86_400) + 1)
    }

    /// Whether `start` lies in the allowed range of starts.
    func allows(_ start: Int) -> Bool {
        Double(start) >= earliest && Double(start) < latest
    }

    /// The windows open on local day `day`.
    func windows(onDay day: Int) -> [WindowOnDay] {
        rules.openHours.filter { $0.applies(onDay: day) }.map { WindowOnDay(hours: $0, day: day, offsets: offsets) }
    }

    /// The allowed starts in the windows of local day `day`, in time order without repeats (windows may overlap).
    func starts(onDay day: Int) -> [Int] {
        let windows = windows(onDay: day)
        let starts = windows.flatMap { $0.starts(step: step, duration: duration) }.filter(allows)
        guard windows.count > 1 else { return starts }
        return Array(Set(starts)).sorted()
    }

    /// The local day `instant` falls on.
    func day(of instant: Int) -> Int {
        floorDivide(offsets.wallClock(at: instant), 86_400)
    }
}
