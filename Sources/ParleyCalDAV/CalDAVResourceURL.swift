import Foundation

/// Builds the addresses of event objects inside a calendar collection.
enum CalDAVResourceURL {
    /// `{calendarURL}/{resourceName}.ics` with exactly one `/` between the two, whether or not `calendarURL` ends
    /// with one. `resourceName` is percent-encoded except for RFC 3986 unreserved characters, so a `/`, `?` or `#`
    /// in it stays inside the one path segment. Any query of `calendarURL` is dropped. Returns nil only if
    /// `calendarURL` cannot be taken apart.
    static func eventURL(named resourceName: String, in calendarURL: URL) -> URL? {
        guard var components = URLComponents(url: calendarURL, resolvingAgainstBaseURL: false) else { return nil }
        var path = components.percentEncodedPath
        if !path.hasSuffix("/") { path += "/" }
        components.percentEncodedPath = path + percentEncoded(resourceName) + ".ics"
        components.percentEncodedQuery = nil
        components.fragment = nil
        return components.url
    }

    /// `name` with every UTF-8 byte outside `A-Z a-z 0-9 - . _ ~` written as `%XX`.
    static func percentEncoded(_ name: String) -> String {
        let hexDigits = Array("0123456789ABCDEF".unicodeScalars)
        var encoded = String.UnicodeScalarView()
        for byte in name.utf8 {
            if isUnreserved(byte) {
                encoded.append(Unicode.Scalar(byte))
            } else {
                encoded.append("%")
                encoded.append(hexDigits[Int(byte >> 4)])
                encoded.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(encoded)
    }

    /// `url` without user name or password, for messages; the bare absolute string if it cannot be taken apart.
    static func redacted(_ url: URL) -> String {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return "<unreadable URL>" }
        components.user = nil
        components.password = nil
        return components.string ?? "<unreadable URL>"
    }

    /// Whether `byte` is an RFC 3986 unreserved character.
    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }
}
