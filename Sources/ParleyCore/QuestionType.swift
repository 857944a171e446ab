/// The kind of answer a screening question expects.
package enum QuestionType: String, Sendable, Codable, CaseIterable {
    /// A yes/no question; the default. ``Question/idealAnswer`` says which answer passes (YES unless set).
    case yesNo = "YES_NO"
    /// An open question whose answer is recorded as given.
    case freeText = "FREE_TEXT"
    /// A count or a duration ("How many years of forklift experience do you have?"), judged against
    /// ``Question/minimum`` when it is set.
    case number = "NUMBER"
    /// A pick among ``Question/options``; passes when the pick is ``Question/idealAnswer`` (any pick when unset).
    case multipleChoice = "MULTIPLE_CHOICE"
    /// A request for documents. Needs document types, which this server does not offer yet.
    case document = "DOCUMENT"
}
