import Foundation
package import ParleyCore

/// Drafts screening questions from a job description with fixed rules, so the same description always gives
/// the same questions. Requirements become knockout (mandatory) questions: what the text says is a must, is
/// required or essential, a licence, the right to work, a shift pattern; years of experience become NUMBER
/// questions with that minimum; what is preferred or "a plus" becomes an optional question.
package enum QuestionGenerator {
    /// The most questions a description may ask for.
    package static let maximumCount = 10
    /// How many questions are drafted when the caller does not say.
    package static let defaultCount = 5

    /// Up to `limit` questions for `description`, in the order the description raises them.
    package static func questions(for description: String, limit: Int = defaultCount) -> [Question] {
        var drafted: [Question] = []
        for (fragment, section) in fragments(of: description) {
            for question in draft(fragment, in: section)
            where !drafted.contains(where: { $0.content.lowercased() == question.content.lowercased() }) {
                drafted.append(question)
            }
        }
        if drafted.isEmpty {
            drafted = [
                Question(type: .yesNo, content: "Are you available to start within the next month?"),
                Question(type: .freeText, content: "What relevant experience do you have for this role?"),
            ]
        }
        return Array(drafted.prefix(limit))
    }

    // MARK: Reading the description

    /// What the part of the description under a heading lists.
    private enum Section {
        case other
        /// "Requirements:", "Essential", "What you'll need".
        case required
        /// "Nice to have", "Desirable".
        case preferred
    }

    private static let requiredHeadings = [
        "requirement", "essential", "must have", "what you need", "what you'll need", "you will need", "qualifications", "about you",
        "what we're looking for", "what we are looking for", "who you are",
    ]
    private static let preferredHeadings = ["nice to have", "desirable", "preferred", "bonus", "good to have"]

    /// The description's sentences and bullet points, bullets and numbering removed, each with the section
    /// its heading opens.
    private static func fragments(of text: String) -> [(String, Section)] {
        var fragments: [(String, Section)] = []
        var section = Section.other
        for line in text.split(whereSeparator: \.isNewline) {
            let heading = clean(String(line)).lowercased()
            let isHeading = line.trimmingCharacters(in: .whitespaces).hasSuffix(":") || heading.split(separator: " ").count <= 4
            if isHeading, requiredHeadings.contains(where: heading.contains) {
                section = .required
                continue
            }
            if isHeading, preferredHeadings.contains(where: heading.contains) {
                section = .preferred
                continue
            }
            // A section lists bullet points; another heading or plain prose ends it.
            let isBullet = line.trimmingCharacters(in: .whitespaces).first.map { "-•*·–—>".contains($0) || $0.isNumber } ?? false
            if line.trimmingCharacters(in: .whitespaces).hasSuffix(":") || !isBullet { section = .other }
            var current = ""
            let characters = Array(line)
            for (index, character) in characters.enumerated() {
                current.append(character)
                let ends = ".;!?".contains(character) && (index + 1 == characters.count || characters[index + 1] == " ")
                if ends {
                    fragments.append((clean(current), section))
                    current = ""
                }
            }
            fragments.append((clean(current), section))
        }
        return fragments.filter { $0.0.count > 3 }
    }

    private static func clean(_ fragment: String) -> String {
        var text = fragment.trimmingCharacters(in: .whitespaces)
        while let first = text.first, "-•*·–—>".contains(first) || first.isNumber && text.dropFirst().first.map({ ".)".contains($0) }) == true {
            text = String(text.drop { "-•*·–—>".contains($0) || $0.isNumber || ".)".contains($0) }).trimmingCharacters(in: .whitespaces)
        }
        return text.trimmingCharacters(in: CharacterSet(charactersIn: " .;:!?"))
    }

    // MARK: Drafting

    private static let mustWords = ["must", "required", "requirement", "essential", "mandatory", "need to", "needs to", "minimum", "at least"]
    private static let niceWords = ["preferred", "desirable", "nice to have", "a plus", "bonus", "advantage", "ideally"]

    private static func draft(_ fragment: String, in section: Section) -> [Question] {
        let lower = fragment.lowercased()
        let isNice = niceWords.contains { lower.contains($0) } || section == .preferred
        let isMust = (mustWords.contains { lower.contains($0) } || section == .required) && !isNice
        var questions: [Question] = []
        if let years = yearsOfExperience(fragment) {
            questions.append(Question(type: .number, content: years.question, isMandatory: isMust, minimum: years.minimum))
        }
        if lower.contains("right to work") || lower.contains("authorized to work") || lower.contains("authorised to work")
            || lower.contains("eligible to work") || lower.contains("work permit")
        {
            let place = phrase(after: "work in ", in: fragment).map { " in \($0)" } ?? ""
            questions.append(Question(type: .yesNo, content: "Do you have the right to work\(place)?", isMandatory: true))
        }
        if lower.contains("sponsorship") {
            questions.append(
                Question(type: .yesNo, content: "Will you need visa sponsorship to work in this role?", isMandatory: true, idealAnswer: "NO"))
        }
        if let licence = licence(fragment) {
            questions.append(Question(type: .yesNo, content: "Do you hold a valid \(licence)?", isMandatory: !isNice))
        }
        if let shifts = shiftPattern(lower) {
            questions.append(Question(type: .yesNo, content: "Are you able to work \(shifts)?", isMandatory: !isNice))
        }
        if lower.contains("background check") || lower.contains("dbs check") || lower.contains("criminal record check") {
            questions.append(Question(type: .yesNo, content: "Are you happy to complete a background check?", isMandatory: true))
        }
        if questions.isEmpty, isMust || isNice, let requirement = requirement(fragment, listed: section != .other) {
            questions.append(Question(type: .yesNo, content: requirement, isMandatory: isMust))
        }
        return questions
    }

    /// "3+ years of experience in logistics" → "How many years of experience do you have in logistics?", minimum 3.
    private static func yearsOfExperience(_ fragment: String) -> (question: String, minimum: Double)? {
        let lower = fragment.lowercased()
        guard lower.contains("experience"),
            let match = lower.firstMatch(of: /(\d+(?:\.\d+)?)\s*\+?\s*(?:-\s*\d+\s*)?(?:years?|yrs?)/),
            let minimum = Double(match.1)
        else { return nil }
        var subject = ""
        if let range = lower.range(of: "experience") {
            let after = fragment[range.upperBound...].trimmingCharacters(in: .whitespaces)
            if let preposition = ["in ", "with ", "as ", "of "].first(where: after.lowercased().hasPrefix) {
                subject = " " + preposition + after.dropFirst(preposition.count).prefix(80).trimmingCharacters(in: .whitespaces)
            }
        }
        if subject.isEmpty, let match = lower.firstMatch(of: /(?:years?|yrs?)(?:'|’)?\s+(?:of\s+)?([a-z][a-z \-\/&]{2,60}?)\s+experience/) {
            subject = " in " + match.1
        }
        return ("How many years of experience do you have\(youForm(subject))?", minimum)
    }

    /// "a valid UK driving licence" → "UK driving licence"; "forklift license" → "forklift license".
    private static func licence(_ fragment: String) -> String? {
        let words = fragment.split(separator: " ").map(String.init)
        guard let index = words.firstIndex(where: { $0.lowercased().hasPrefix("licen") }) else { return nil }
        let skipped: Set<String> = ["a", "an", "the", "valid", "full", "current", "clean", "must", "have", "hold", "with", "and", "own", "your"]
        var kept: [String] = []
        for word in words[..<index].reversed().prefix(3) {
            if skipped.contains(word.lowercased()) { break }
            kept.insert(word, at: 0)
        }
        let noun = words[index].trimmingCharacters(in: .punctuationCharacters).lowercased()
        return (kept + [noun]).joined(separator: " ")
    }

    private static func shiftPattern(_ lower: String) -> String? {
        let nights = lower.contains("night"), weekends = lower.contains("weekend")
        if let match = lower.firstMatch(of: /(\d+)\s*(?:days?)?\s*on[,\s\/]+(\d+)\s*(?:days?)?\s*off/) {
            let including =
                nights && weekends ? ", including nights and weekends" : nights ? ", including nights" : weekends ? ", including weekends" : ""
            return "\(match.1) on, \(match.2) off shifts\(including)"
        }
        if nights { return weekends ? "nights and weekends" : "night shifts" }
        if weekends { return "weekends" }
        if lower.contains("rotating") || lower.contains("rotational") { return "rotating shifts" }
        if lower.contains("early") && lower.contains("shift") || lower.contains("late shift") { return "early and late shifts" }
        if lower.contains("on call") || lower.contains("on-call") { return "on-call hours" }
        return nil
    }

    /// A stated requirement as a yes/no question: "must have own transport" → "Do you have your own transport?".
    /// Under a requirements heading, a bare item ("A DBS certificate", "Own transport") is asked about too.
    private static func requirement(_ fragment: String, listed: Bool) -> String? {
        let lower = fragment.lowercased()
        let patterns: [(String, String)] = [
            ("must be able to ", "Are you able to "), ("must be willing to ", "Are you willing to "), ("must be ", "Are you "),
            ("must have ", "Do you have "), ("must hold ", "Do you hold "), ("must ", "Can you "), ("ability to ", "Are you able to "),
            ("able to ", "Are you able to "), ("willing to ", "Are you willing to "), ("required: ", "Do you have "),
            ("requirements: ", "Do you have "),
        ]
        for (pattern, opening) in patterns {
            if let range = lower.range(of: pattern) {
                let rest = fragment[range.upperBound...].trimmingCharacters(in: .whitespaces)
                guard rest.count > 2 else { continue }
                return opening + youForm(" " + lowerFirst(String(rest.prefix(150)))).dropFirst() + "?"
            }
        }
        for marker in [" is required", " are required", " required", " is essential", " is a must", " preferred", " is desirable", " is a plus"] {
            if let range = lower.range(of: marker) {
                let subject = fragment[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
                guard subject.count > 2 else { continue }
                return "Do you have " + youForm(" " + lowerFirst(String(subject.prefix(150)))).dropFirst() + "?"
            }
        }
        guard listed, lower.split(separator: " ").count <= 10 else { return nil }
        return "Do you have " + youForm(" " + lowerFirst(fragment)).dropFirst() + "?"
    }

    /// The phrase after `marker` up to the next comma or "and", capitalised as written.
    private static func phrase(after marker: String, in fragment: String) -> String? {
        guard let range = fragment.lowercased().range(of: marker) else { return nil }
        let rest = fragment[range.upperBound...].prefix { $0 != "," && $0 != "(" }
        let trimmed = rest.components(separatedBy: " and ").first?.trimmingCharacters(in: .whitespaces) ?? ""
        return trimmed.isEmpty ? nil : trimmed
    }

    /// Third person turned to second ("their own car" → "your own car"), with one leading space unless empty.
    private static func youForm(_ text: String) -> String {
        let swaps = [" their ": " your ", " they ": " you ", " them ": " you ", " candidates ": " you ", " candidate ": " you "]
        let swapped = swaps.reduce(" \(text) ") { $0.replacingOccurrences(of: $1.key, with: $1.value, options: .caseInsensitive) }
        let trimmed = swapped.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? "" : " " + trimmed
    }

    /// Lower-cases the first letter unless the first word is an acronym ("CSCS card").
    private static func lowerFirst(_ text: String) -> String {
        let firstWord = text.prefix { $0 != " " }
        guard firstWord.count > 1, firstWord != firstWord.uppercased() else { return text }
        return text.prefix(1).lowercased() + text.dropFirst()
    }
}
