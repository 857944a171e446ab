import Foundation

/// How values are written in iCalendar (RFC 5545) content lines.
enum ICalendarText {
    /// A TEXT value: backslash, semicolon and comma escaped, each line break (CRLF, CR or LF) as `\n`, other
    /// control characters dropped (RFC 5545 §3.3.11).
    static func escaped(_ text: String) -> String {
        var result = ""
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            defer { previous = scalar }
            switch scalar {
            case "\\": result += "\\\\"
            case ";": result += "\\;"
            case ",": result += "\\,"
            case "\n" where previous == "\r": break
            case "\r", "\n": result += "\\n"
            case "\t": result += " "
            default:
                if !isControl(scalar) { result.unicodeScalars.append(scalar) }
            }
        }
        return result
    }

    /// A parameter value such as CN: double quotes become single ones and control characters spaces (neither may
    /// appear in a parameter), and the value is quoted when it holds ":", ";" or "," (RFC 5545 §3.1).
    static func parameter(_ value: String) -> String {
        var cleaned = ""
        for scalar in value.unicodeScalars {
            if scalar == "\"" {
                cleaned += "'"
            } else {
                cleaned.unicodeScalars.append(isControl(scalar) ? " " : scalar)
            }
        }
        return cleaned.contains(where: { ":;,".contains($0) }) ? "\"" + cleaned + "\"" : cleaned
    }

    /// A `mailto:` address for ORGANIZER or ATTENDEE, with whitespace and control characters removed.
    static func mailto(_ email: String) -> String {
        "mailto:" + String(String.UnicodeScalarView(email.unicodeScalars.filter { !isControl($0) && $0 != " " }))
    }

    /// `text` with control characters removed, for URI values, which are not escaped.
    static func withoutLineBreaks(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { !isControl($0) }))
    }

    /// `date` as a UTC DATE-TIME, such as `20250304T100000Z` (whole seconds, fraction dropped).
    static func utcDateTime(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        let seconds = Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: seconds)
        func padded(_ value: Int?, _ width: Int) -> String {
            let digits = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return padded(parts.year, 4) + padded(parts.month, 2) + padded(parts.day, 2) + "T" + padded(parts.hour, 2)
            + padded(parts.minute, 2) + padded(parts.second, 2) + "Z"
    }

    /// `line` folded so no physical line exceeds 75 octets of UTF-8: breaks go between Unicode scalars, never inside
    /// one, and each continuation starts with a space (RFC 5545 §3.1). Without the CRLFs that end lines.
    static func folded(_ line: String) -> String {
        var result = ""
        var octets = 0
        for scalar in line.unicodeScalars {
            let size = String(scalar).utf8.count
            if octets + size > 75 {
                result += "\r\n "
                octets = 1
            }
            result.unicodeScalars.append(scalar)
            octets += size
        }
        return result
    }

    /// Whether `scalar` is a control character (C0, DEL or C1), which TEXT values may not hold.
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
