import Foundation

/// The times no meeting may overlap: bookings widened by the buffer on both sides, and busy intervals, sorted and
/// merged once so each check is a binary search.
struct BlockedTimes {
    /// Disjoint, non-adjoining `[start, end)` intervals in seconds since 1970, in time order.
    private(set) var intervals: [(start: Double, end: Double)] = []

    /// The blocked times for `bookings` widened by `buffer` seconds on each side, plus `busy`.
    init(bookings: [BusyInterval], buffer: Double, busy: [BusyInterval]) {
        let widen = max(0, buffer)
        let raw =
            bookings.map { ($0.start.timeIntervalSince1970 - widen, $0.end.timeIntervalSince1970 + widen) }
            + busy.map { ($0.start.timeIntervalSince1970, $0.end.timeIntervalSince1970) }
        for (start, end) in raw.filter({ $0.0 < $0.1 }).sorted(by: { $0.0 < $1.0 }) {
            if let last = intervals.last, start <= last.end {
                intervals[intervals.count - 1].end = max(last.end, end)
            } else {
                intervals.append((start, end))
            }
        }
    }

    /// Whether `[start, end)` overlaps no blocked interval.
    func isClear(start: Double, end: Double) -> Bool {
        var low = 0
        var high = intervals.count
        while low < high {
            let middle = (low + high) / 2
            if intervals[middle].end <= start { low = middle + 1 } else { high = middle }
        }
        return low == intervals.count || intervals[low].start >= end
    }
}
