package import Foundation

/// When messages may go out to candidates who asked for business hours: weekdays and a daily window, in the
/// candidate's local time.
package struct BusinessHours: Sendable, Equatable {
    /// Days open, 1 = Sunday … 7 = Saturday (Gregorian weekday numbers).
    package var weekdays: Set<Int>
    /// Opening and closing time, minutes after local midnight.
    package var opens: Int
    package var closes: Int

    package init(weekdays: Set<Int>, opens: Int, closes: Int) {
        self.weekdays = weekdays
        self.opens = opens
        self.closes = closes
    }

    /// Monday to Friday, 09:00 to 17:00.
    package static let standard = BusinessHours(weekdays: [2, 3, 4, 5, 6], opens: 9 * 60, closes: 17 * 60)

    /// Whether `date` falls within these hours in every one of `zones`.
    package func isOpen(at date: Date, in zones: [TimeZone]) -> Bool {
        zones.allSatisfy { zone in
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            let parts = calendar.dateComponents([.weekday, .hour, .minute], from: date)
            let minute = (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
            return weekdays.contains(parts.weekday ?? 0) && minute >= opens && minute < closes
        }
    }

    /// The first moment from `date` on (at most eight days ahead, in five-minute steps) that is within these hours
    /// in every one of `zones`; `date` itself when it already is, or when no such moment exists.
    package func nextOpening(from date: Date, in zones: [TimeZone]) -> Date {
        if isOpen(at: date, in: zones) { return date }
        let step: TimeInterval = 300
        let start = (date.timeIntervalSince1970 / step).rounded(.up) * step
        for index in 0..<(8 * 24 * 12) {
            let candidate = Date(timeIntervalSince1970: start + Double(index) * step)
            if isOpen(at: candidate, in: zones) { return candidate }
        }
        return date
    }
}

extension PhoneNumber {
    /// The time zones a number's country spans, widest apart first and last; UTC when the country is unknown.
    /// Countries over several zones list their main ones, so business hours hold everywhere in the country.
    package static func timeZones(of e164: String) -> [TimeZone] {
        let digits = e164.dropFirst()
        for length in [3, 2, 1] {
            let code = String(digits.prefix(length))
            if let names = zoneNames[code] { return names.compactMap(TimeZone.init(identifier:)) }
        }
        return [TimeZone(identifier: "UTC")!]
    }

    private static let zoneNames: [String: [String]] = [
        "1": ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"],
        "7": ["Europe/Moscow"], "20": ["Africa/Cairo"], "27": ["Africa/Johannesburg"], "30": ["Europe/Athens"], "31": ["Europe/Amsterdam"],
        "32": ["Europe/Brussels"], "33": ["Europe/Paris"], "34": ["Europe/Madrid"], "36": ["Europe/Budapest"], "39": ["Europe/Rome"],
        "40": ["Europe/Bucharest"], "41": ["Europe/Zurich"], "43": ["Europe/Vienna"], "44": ["Europe/London"], "45": ["Europe/Copenhagen"],
        "46": ["Europe/Stockholm"], "47": ["Europe/Oslo"], "48": ["Europe/Warsaw"], "49": ["Europe/Berlin"], "51": ["America/Lima"],
        "52": ["America/Mexico_City"], "54": ["America/Argentina/Buenos_Aires"], "55": ["America/Sao_Paulo"], "56": ["America/Santiago"],
        "57": ["America/Bogota"], "60": ["Asia/Kuala_Lumpur"], "61": ["Australia/Sydney", "Australia/Perth"], "62": ["Asia/Jakarta"],
        "63": ["Asia/Manila"], "64": ["Pacific/Auckland"], "65": ["Asia/Singapore"], "66": ["Asia/Bangkok"], "81": ["Asia/Tokyo"],
        "82": ["Asia/Seoul"], "84": ["Asia/Ho_Chi_Minh"], "86": ["Asia/Shanghai"], "90": ["Europe/Istanbul"], "91": ["Asia/Kolkata"],
        "92": ["Asia/Karachi"], "234": ["Africa/Lagos"], "254": ["Africa/Nairobi"], "351": ["Europe/Lisbon"], "353": ["Europe/Dublin"],
        "358": ["Europe/Helsinki"], "420": ["Europe/Prague"], "852": ["Asia/Hong_Kong"], "971": ["Asia/Dubai"], "972": ["Asia/Jerusalem"],
    ]
}
