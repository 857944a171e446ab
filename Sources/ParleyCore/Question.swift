/// A screening question of a campaign. Questions are fixed once the campaign exists.
package struct Question: Sendable, Equatable, Codable {
    /// The kind of answer expected.
    package var type: QuestionType
    /// The question text the agent asks.
    package var content: String
    /// Whether failing this question rejects the candidate (a knockout question).
    package var isMandatory: Bool
    /// The answer that passes: `YES` or `NO` for a YES_NO question (YES when unset), one of ``options`` for a
    /// MULTIPLE_CHOICE question (any option when unset).
    package var idealAnswer: String?
    /// The least that passes a NUMBER question, in the question's unit (years when it asks about years, months
    /// when about months, otherwise a plain count). Unset, any number passes.
    package var minimum: Double?
    /// The choices of a MULTIPLE_CHOICE question, in the order the candidate sees them.
    package var options: [String]?

    /// The number of options a MULTIPLE_CHOICE question offers.
    package static let optionCountRange = 2...10

    package init(
        type: QuestionType = .yesNo,
        content: String,
        isMandatory: Bool = false,
        idealAnswer: String? = nil,
        minimum: Double? = nil,
        options: [String]? = nil
    ) {
        self.type = type
        self.content = content
        self.isMandatory = isMandatory
        self.idealAnswer = idealAnswer
        self.minimum = minimum
        self.options = options
    }

    /// Whether a YES_NO question passes on "no" (its ideal answer is NO).
    package var passesOnNo: Bool {
        idealAnswer?.uppercased() == "NO"
    }

    /// The question as the candidate reads it: the text, then the options numbered when it has them.
    package var prompt: String {
        guard type == .multipleChoice, let options, !options.isEmpty else { return content }
        let listed = options.enumerated().map { "\($0.offset + 1)) \($0.element)" }.joined(separator: " ")
        return "\(content) \(listed)"
    }
}
