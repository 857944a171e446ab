import Foundation

/// Dates as RFC 5322 writes them, always in UTC: `Tue, 03 Mar 2026 10:00:00 +0000`.
enum RFC5322Date {
    /// `date` in RFC 5322 form, with English day and month names whatever the process locale.
    static func string(from date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
