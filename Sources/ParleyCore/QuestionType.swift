/// The kind of answer a screening question expects.
package enum QuestionType: String, Sendable, Codable, CaseIterable {
    /// A yes/no question; the default.
    case yesNo = "YES_NO"
    /// An open question whose answer is recorded as given.
    case freeText = "FREE_TEXT"
    /// A request for documents. Needs document types, which this server does not offer yet.
    case document = "DOCUMENT"
}
