/// One opening window on one local calendar day, turned into instants: contiguous stretches of time, each made of
/// pieces of constant UTC offset. Start times step from the window's local start in wall-clock time, so starts that
/// fall in skipped local times do not exist and starts in repeated local times exist once per occurrence.
struct WindowOnDay {
    /// The wall-clock time the window opens, from which start times step.
    let wallStart: Int
    /// Contiguous stretches of the window, in time order, each a list of adjoining pieces.
    let stretches: [[ZoneOffsets.Piece]]

    /// `hours` on the local day numbered `day` (days since 1 January 1970 on the local clock).
    init(hours: OpenHours, day: Int, offsets: ZoneOffsets) {
        let midnight = day * 86_400
        wallStart = midnight + max(0, hours.start) * 60
        let wallEnd = midnight + min(1440, hours.end) * 60
        var stretches: [[ZoneOffsets.Piece]] = []
        for piece in offsets.pieces(wallStart: wallStart, wallEnd: wallEnd) {
            if let last = stretches.last?.last, last.end == piece.start {
                stretches[stretches.count - 1].append(piece)
            } else {
                stretches.append([piece])
            }
        }
        self.stretches = stretches
    }

    /// Every start, in time order, whose meeting of `duration` seconds fits in one stretch, stepping by `step`
    /// seconds of wall-clock time from the window's start.
    func starts(step: Int, duration: Int) -> [Int] {
        var starts: [Int] = []
        for stretch in stretches {
            guard let stretchEnd = stretch.last?.end else { continue }
            for piece in stretch {
                var start = piece.start + floorModulo(wallStart - piece.start - piece.offset, step)
                while start < piece.end && start + duration <= stretchEnd {
                    starts.append(start)
                    start += step
                }
            }
        }
        return starts
    }

    /// Whether `start` is one of `starts(step:duration:)`.
    func admits(start: Int, step: Int, duration: Int) -> Bool {
        for stretch in stretches {
            guard let stretchEnd = stretch.last?.end, start + duration <= stretchEnd else { continue }
            for piece in stretch where piece.start <= start && start < piece.end {
                return floorModulo(start + piece.offset - wallStart, step) == 0
            }
        }
        return false
    }
}

extension OpenHours {
    /// Whether the window applies on the local day numbered `day` (days since 1 January 1970, a Thursday).
    func applies(onDay day: Int) -> Bool {
        weekdays.contains(floorModulo(day + 4, 7) + 1) && start < end
    }
}
