import Foundation

/// A time zone's UTC offsets over a stretch of time, as runs of constant offset. Turning local wall-clock times into
/// instants with these runs is exact on days when clocks change, where skipped local times have no instant and
/// repeated ones have two, instead of relying on how `Calendar` resolves such times.
///
/// Times are whole seconds since 1970: instants in UTC, wall-clock times as read on the local clock.
struct ZoneOffsets {
    /// A run of constant offset: from `start` until the next run's start.
    struct Run {
        var start: Int
        var offset: Int
    }

    /// Instants whose wall-clock time lies in some range, all under one offset: `[start, end)`.
    struct Piece {
        var start: Int
        var end: Int
        var offset: Int
    }

    /// The runs in time order; the first starts at `Int.min`, the last lasts forever.
    let runs: [Run]

    /// The offsets of `timeZone`, exact for instants from `from` through `through`.
    init(timeZone: TimeZone, from: Int, through: Int) {
        var runs = [Run(start: .min, offset: timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(from))))]
        var cursor = Date(timeIntervalSince1970: Double(from))
        while let next = timeZone.nextDaylightSavingTimeTransition(after: cursor), next > cursor,
            next.timeIntervalSince1970 <= Double(through)
        {
            let offset = timeZone.secondsFromGMT(for: next)
            if offset != runs[runs.count - 1].offset {
                runs.append(Run(start: Int(next.timeIntervalSince1970.rounded(.down)), offset: offset))
            }
            cursor = next
        }
        self.runs = runs
    }

    /// The offset in force at `instant`.
    func offset(at instant: Int) -> Int {
        var low = 0
        var high = runs.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if runs[middle].start <= instant { low = middle } else { high = middle - 1 }
        }
        return runs[low].offset
    }

    /// The local wall-clock time at `instant`.
    func wallClock(at instant: Int) -> Int {
        instant + offset(at: instant)
    }

    /// The instants whose wall-clock time lies in `[wallStart, wallEnd)`, as disjoint pieces in time order. A range
    /// that clocks skip yields fewer seconds than it spans; one they repeat yields more, possibly in separate pieces.
    func pieces(wallStart: Int, wallEnd: Int) -> [Piece] {
        var pieces: [Piece] = []
        for (index, run) in runs.enumerated() {
            let runEnd = index + 1 < runs.count ? runs[index + 1].start : .max
            let start = max(wallStart - run.offset, run.start)
            let end = min(wallEnd - run.offset, runEnd)
            if start < end { pieces.append(Piece(start: start, end: end, offset: run.offset)) }
        }
        return pieces
    }
}

/// `value` divided by `divisor` (positive), rounded towards minus infinity.
func floorDivide(_ value: Int, _ divisor: Int) -> Int {
    let quotient = value / divisor
    return value % divisor < 0 ? quotient - 1 : quotient
}

/// The remainder of `value` divided by `divisor` (positive), always in `0..<divisor`.
func floorModulo(_ value: Int, _ divisor: Int) -> Int {
    let remainder = value % divisor
    return remainder < 0 ? remainder + divisor : remainder
}
