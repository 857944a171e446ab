import Foundation

/// RFC 2047 encoded words, `=?utf-8?B?…?=`, for non-ASCII text in headers. Words split only between Unicode
/// scalars, so each one decodes on its own.
enum EncodedWord {
    /// The longest encoded word RFC 2047 allows.
    static let maximumLength = 75
    /// `=?utf-8?B?` and `?=`.
    private static let overhead = 12

    /// `scalars` as one encoded word.
    static func encode(_ scalars: Substring.UnicodeScalarView) -> String {
        "=?utf-8?B?" + Data(String(scalars).utf8).base64EncodedString() + "?="
    }

    /// How many of the leading `scalars` fit in one encoded word of at most `width` characters (and at most
    /// ``maximumLength``); `0` when not even one fits.
    static func prefixCount(of scalars: Substring.UnicodeScalarView, fittingIn width: Int) -> Int {
        let width = min(width, maximumLength)
        var count = 0
        var bytes = 0
        for scalar in scalars {
            let next = bytes + String(scalar).utf8.count
            guard overhead + (next + 2) / 3 * 4 <= width else { break }
            bytes = next
            count += 1
        }
        return count
    }

    /// Whether `text` must be encoded: it has non-ASCII characters, or something a reader could take for an
    /// encoded word.
    static func isNeeded(for text: String) -> Bool {
        !text.unicodeScalars.allSatisfy(\.isASCII) || text.contains("=?")
    }
}
