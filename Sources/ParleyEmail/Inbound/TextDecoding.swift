import Foundation

/// Bytes to text in a named charset; unknown charsets and invalid bytes fall back to UTF-8 with replacement
/// characters, so a body is never lost.
enum TextDecoding {
    /// `bytes` as text in `charset` (UTF-8 when `nil`).
    static func decode(_ bytes: [UInt8], charset: String?) -> String {
        let encoding: String.Encoding? =
            switch charset?.trimmingSpaces().lowercased() {
            case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1": .isoLatin1
            case "windows-1252", "cp1252": .windowsCP1252
            case "iso-8859-2", "latin2": .isoLatin2
            case "us-ascii", "ascii": .ascii
            default: nil
            }
        if let encoding, let text = String(data: Data(bytes), encoding: encoding) { return text }
        return String(decoding: bytes, as: UTF8.self)
    }
}
