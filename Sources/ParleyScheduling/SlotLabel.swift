package import Foundation

/// A short label for `slot` as read in `timeZone`, such as "Tue 4 Mar, 10:00": 24-hour clock and ASCII only, so it
/// fits an SMS without switching to UCS-2. Day and month names come from `locale` with accents dropped; when that
/// still is not ASCII (other scripts, other digits) the label falls back to English.
package func label(_ slot: Slot, timeZone: TimeZone, locale: Locale = Locale(identifier: "en_US_POSIX")) -> String {
    let localized = formattedLabel(slot.start, timeZone: timeZone, locale: locale)
        .folding(options: [.diacriticInsensitive, .widthInsensitive], locale: locale)
    if localized.unicodeScalars.allSatisfy(\.isASCII) { return localized }
    return formattedLabel(slot.start, timeZone: timeZone, locale: Locale(identifier: "en_US_POSIX"))
}

/// `date` as weekday, day, month and 24-hour time in `timeZone`, named in `locale`.
private func formattedLabel(_ date: Date, timeZone: TimeZone, locale: Locale) -> String {
    let formatter = DateFormatter()
    formatter.calendar = Calendar(identifier: .gregorian)
    formatter.locale = locale
    formatter.timeZone = timeZone
    formatter.dateFormat = "EEE d MMM, HH:mm"
    return formatter.string(from: date)
}
