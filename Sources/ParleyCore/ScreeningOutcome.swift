/// How a candidate did on one screening question, as the conversation reports it (`screeningQuestionsOutcome`).
package struct ScreeningOutcome: Sendable, Equatable, Codable {
    /// PASSED or FAILED.
    package enum Result: String, Sendable, Codable, CaseIterable {
        case passed = "PASSED"
        case failed = "FAILED"
    }

    /// The position of the question in the campaign.
    package var questionIndex: Int
    /// The question as asked.
    package var screeningQuestion: String
    package var questionOutcome: Result
    /// The candidate's answer in brief, in their own words where possible.
    package var responseSummary: String

    package init(questionIndex: Int, screeningQuestion: String, questionOutcome: Result, responseSummary: String) {
        self.questionIndex = questionIndex
        self.screeningQuestion = screeningQuestion
        self.questionOutcome = questionOutcome
        self.responseSummary = responseSummary
    }
}
