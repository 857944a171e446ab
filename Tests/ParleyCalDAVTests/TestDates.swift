import Foundation

/// The instant an ISO 8601 text such as `2025-03-04T09:00:00Z` names.
func instant(_ text: String) throws -> Date {
    try Date(text, strategy: .iso8601)
}

/// A busy time between two ISO 8601 instants.
func busy(_ start: String, _ end: String) throws -> (start: Date, end: Date) {
    (try instant(start), try instant(end))
}
