/// The carrier opt-out words: a reply that is one of them, in any case and spacing, ends the conversation as
/// OPTED_OUT before any agent sees it.
package enum OptOutKeywords {
    /// The words, upper case.
    package static let all: Set<String> = ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"]

    /// Whether `reply` is an opt-out word: letters only, spaces and punctuation ignored (`stop`, ` Stop! `, `STOP ALL`).
    package static func matches(_ reply: String) -> Bool {
        let letters = String(reply.uppercased().filter(\.isLetter))
        return all.contains(letters)
    }
}
