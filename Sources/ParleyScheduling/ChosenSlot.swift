package import Foundation

/// The slot a candidate picked in `reply` from `offered` (shown to them numbered 1, 2, 3 …), read in `timeZone`;
/// `nil` when the reply names none, several, or declines.
///
/// Understands option numbers ("2", "#2", "option 2", "2nd", "the second one", "last"), weekdays ("the Tuesday
/// one"), "today" and "tomorrow", dates ("4 March", "Mar 4th", "the 4th") and clock times ("10:00", "10am", "2.30pm",
/// "at 10", "noon"). Everything the reply mentions must fit the same single slot; a clock time without minutes means
/// the full hour when one is offered, else any time in that hour, and without am/pm either half of the day.
package func chosenSlot(_ reply: String, offered: [Slot], timeZone: TimeZone, now: Date) -> Slot? {
    guard let mentions = ChoiceMention.mentions(in: ReplyToken.tokens(of: reply), offered: offered.count), !mentions.isEmpty
    else { return nil }
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = timeZone
    var candidates = Set(offered.indices)
    for mention in mentions {
        candidates.formIntersection(matches(of: mention, in: offered, calendar: calendar, now: now))
    }
    guard candidates.count == 1, let index = candidates.first else { return nil }
    return offered[index]
}

/// The indices of the slots in `offered` that `mention` fits.
private func matches(of mention: ChoiceMention, in offered: [Slot], calendar: Calendar, now: Date) -> Set<Int> {
    let parts = offered.map { calendar.dateComponents([.weekday, .day, .month, .hour, .minute], from: $0.start) }
    let all = offered.indices
    switch mention {
    case .option(let number):
        return offered.indices.contains(number - 1) ? [number - 1] : []
    case .last:
        return offered.isEmpty ? [] : [offered.count - 1]
    case .weekday(let weekday):
        return Set(all.filter { parts[$0].weekday == weekday })
    case .date(let day, let month):
        return Set(all.filter { parts[$0].day == day && (month == nil || parts[$0].month == month) })
    case .month(let month):
        return Set(all.filter { parts[$0].month == month })
    case .relativeDay(let days):
        guard let day = calendar.date(byAdding: .day, value: days, to: now) else { return [] }
        return Set(all.filter { calendar.isDate(offered[$0].start, inSameDayAs: day) })
    case .time(let hour, let minute, let meridiem):
        let hours = clockHours(hour, meridiem: meridiem)
        let inHour = all.filter { parts[$0].hour.map(hours.contains) ?? false }
        if let minute { return Set(inHour.filter { parts[$0].minute == minute }) }
        let onTheHour = inHour.filter { parts[$0].minute == 0 }
        return Set(onTheHour.isEmpty ? inHour : onTheHour)
    }
}

/// The hours of the 24-hour day that `hour` can mean, given am or pm if said.
private func clockHours(_ hour: Int, meridiem: ChoiceMention.Meridiem?) -> Set<Int> {
    switch (meridiem, hour) {
    case (_, let hour) where hour < 0 || hour > 23: []
    case (.am, 12): [0]
    case (.am, let hour) where hour > 12: []
    case (.pm, let hour) where hour < 12: [hour + 12]
    case (nil, let hour) where (1...11).contains(hour): [hour, hour + 12]
    default: [hour]
    }
}
