/// A screening question of a campaign. Questions are fixed once the campaign exists.
package struct Question: Sendable, Equatable, Codable {
    /// The kind of answer expected.
    package var type: QuestionType
    /// The question text the agent asks.
    package var content: String
    /// Whether failing this question rejects the candidate (a knockout question).
    package var isMandatory: Bool

    package init(type: QuestionType = .yesNo, content: String, isMandatory: Bool = false) {
        self.type = type
        self.content = content
        self.isMandatory = isMandatory
    }
}
