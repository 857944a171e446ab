import Foundation
import ParleyCore

/// A question the candidate asks back ("what's the pay?", "where is it?", "is it remote?"), answered from what
/// the campaign says about the role when it says it.
struct CandidateQuestion {
    /// What the candidate asks about, with the words that ask it and the words that answer it.
    private struct Topic {
        var asks: [String]
        var answers: [String]
    }

    private static let topics: [Topic] = [
        Topic(
            asks: ["pay", "salary", "wage", "rate", "money", "compensation", "per hour", "how much"],
            answers: ["salary", "pay", "€", "$", "£", "per hour", "/hour", "an hour", "per year", "k ", "wage", "compensation"]),
        Topic(
            asks: ["where", "location", "located", "address", "office", "based"],
            answers: ["located", "based in", "office", "in our", "location", "site"]),
        Topic(
            asks: ["remote", "hybrid", "from home", "wfh", "on site", "onsite"],
            answers: ["remote", "hybrid", "from home", "on site", "onsite", "in office", "days a week in"]),
        Topic(
            asks: ["hours", "shift", "schedule", "part time", "full time", "part-time", "full-time", "weekends"],
            answers: ["hours", "shift", "part-time", "full-time", "part time", "full time", "schedule", "a week"]),
        Topic(asks: ["start", "when does", "start date"], answers: ["start", "starting", "from "]),
        Topic(
            asks: ["benefit", "holiday", "vacation", "pension", "insurance"],
            answers: ["benefit", "holiday", "vacation", "pension", "insurance", "annual leave"]),
    ]

    private static let questionOpenings = [
        "what", "where", "when", "how", "is it", "is there", "are", "do you", "does", "can i", "will", "which", "who",
    ]

    /// Whether `reply` reads as a question of the candidate's own.
    static func isQuestion(_ reply: String) -> Bool {
        let text = reply.lowercased().trimmingCharacters(in: .whitespacesAndNewlines)
        return text.hasSuffix("?") || questionOpenings.contains { text.hasPrefix($0 + " ") || text.hasPrefix($0 + "'") }
    }

    /// Whether `reply` asks about something the campaign may answer (pay, place, remote work, hours, start,
    /// benefits).
    static func asksAboutRole(_ reply: String) -> Bool {
        topic(of: reply) != nil
    }

    private static func topic(of reply: String) -> Topic? {
        let text = reply.lowercased()
        return topics.first { topic in topic.asks.contains { text.contains($0) } }
    }

    /// The sentence of the campaign that answers `reply`, or `nil` when the campaign does not say.
    static func answer(_ reply: String, from campaign: CampaignSettings) -> String? {
        let text = reply.lowercased()
        guard let topic = topic(of: reply) else { return nil }
        if topic.asks.contains("where"), text.contains("where") || text.contains("location"), let location = campaign.location {
            return "The role is in \(location)."
        }
        let sources = [campaign.description, campaign.additionalContext].compactMap { $0 }
        for source in sources {
            for sentence in sentences(of: source) where topic.answers.contains(where: { sentence.lowercased().contains($0) }) {
                return sentence
            }
        }
        return nil
    }

    private static func sentences(of text: String) -> [String] {
        var sentences: [String] = []
        var current = ""
        let characters = Array(text)
        for (index, character) in characters.enumerated() {
            current.append(character)
            // "£12.50" and "e.g." do not end a sentence: an end is followed by a space or the end of the text.
            let followedBySpace = index + 1 == characters.count || characters[index + 1].isWhitespace
            if ".!?\n".contains(character), followedBySpace {
                let trimmed = current.trimmingCharacters(in: .whitespacesAndNewlines)
                if trimmed.count > 1 { sentences.append(trimmed) }
                current = ""
            }
        }
        let rest = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !rest.isEmpty { sentences.append(rest.hasSuffix(".") ? rest : rest + ".") }
        return sentences
    }
}

/// Requests for a person rather than the agent.
enum HumanRequest {
    private static let phrases = [
        "real person", "a human", "to a person", "to someone", "with someone", "someone i can", "a recruiter", "real recruiter",
        "call me", "speak to a", "talk to a", "speak with a", "talk with a", "phone me", "ring me", "human please", "are you a bot",
        "are you a robot", "is this a bot",
    ]

    /// Whether `reply` asks to deal with a person.
    static func matches(_ reply: String) -> Bool {
        let text = reply.lowercased()
        return phrases.contains { text.contains($0) }
    }
}
