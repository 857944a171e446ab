import Foundation

/// Written requests not to be contacted ("please stop texting me", "remove me from your list", "not
/// interested, don't contact me again"), beside the carrier keywords ``ParleyCore/OptOutKeywords`` catches, and
/// the softer "not interested", which declines the role without asking for silence.
enum OptOutPhrases {
    private static let declines = ["not interested", "no longer interested", "not looking", "found another job", "found a job", "accepted another"]

    /// Whether `reply` turns the role down ("not interested", "I found another job").
    static func declines(_ reply: String) -> Bool {
        let text = reply.lowercased().replacingOccurrences(of: "’", with: "'")
        return declines.contains { text.contains($0) }
    }

    private static let phrases = [
        "stop texting", "stop messaging", "stop contacting", "stop emailing", "stop calling", "stop sending", "remove me",
        "take me off", "unsubscribe me", "don't contact me", "do not contact me", "don't text me", "do not text me",
        "don't message me", "do not message me", "leave me alone", "lose my number", "delete my number", "delete my details",
        "don't contact", "do not contact", "opt me out", "opt out", "no more messages", "no more texts",
    ]

    /// Whether `reply` asks not to be contacted again.
    static func matches(_ reply: String) -> Bool {
        let text = reply.lowercased().replacingOccurrences(of: "’", with: "'")
        return phrases.contains { text.contains($0) }
    }
}
