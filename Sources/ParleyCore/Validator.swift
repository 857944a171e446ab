import Foundation

/// Collects broken rules while checking a request; `finish()` throws them all as one ``ValidationError``.
package struct Validator: Sendable {
    private var issues: [ValidationError.Issue] = []

    package init() {}

    /// Records a broken rule.
    package mutating func fail(_ field: String, _ rule: String) {
        issues.append(.init(field: field, rule: rule))
    }

    /// Records a broken rule unless `condition` holds.
    package mutating func check(_ condition: Bool, _ field: String, _ rule: @autoclosure () -> String) {
        if !condition { fail(field, rule()) }
    }

    /// Checks an optional text: when present it must not be blank and must fit `limits`.
    package mutating func text(_ value: String?, _ field: String, _ limits: TextLimits) {
        guard let value else { return }
        if value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            fail(field, "must not be empty")
        } else if value.count > limits.maximum {
            fail(field, "must be at most \(limits.maximum) characters")
        } else if value.count < limits.minimum {
            fail(field, "must be at least \(limits.minimum) characters")
        }
    }

    /// Checks a text that must be present.
    package mutating func requiredText(_ value: String?, _ field: String, _ limits: TextLimits) {
        guard value != nil else { return fail(field, "is required") }
        text(value, field, limits)
    }

    /// Checks that a present value is an E.164 phone number such as `+14155551234`.
    package mutating func phoneNumber(_ value: String?, _ field: String) {
        guard let value else { return }
        check(PhoneNumber.isE164(value), field, "must be an E.164 phone number such as +14155551234")
    }

    /// Checks that a present value is an absolute http(s) URL.
    package mutating func webURL(_ value: String?, _ field: String) {
        guard let value else { return }
        if value.count > TextLimits.url.maximum {
            return fail(field, "must be at most \(TextLimits.url.maximum) characters")
        }
        let url = URL(string: value)
        let scheme = url?.scheme?.lowercased()
        let isWeb = (scheme == "http" || scheme == "https") && !(url?.host ?? "").isEmpty
        check(isWeb && !value.contains(" "), field, "must be an absolute http or https URL")
    }

    /// Checks that a present value looks like an email address.
    package mutating func emailAddress(_ value: String?, _ field: String) {
        guard let value else { return }
        check(EmailAddress.isPlausible(value), field, "must be an email address such as jane@example.com")
    }

    /// Whether no rule is broken so far.
    package var isValid: Bool { issues.isEmpty }

    /// Throws everything recorded so far, if anything.
    package func finish() throws(ValidationError) {
        if !issues.isEmpty { throw ValidationError(issues) }
    }
}

/// Length bounds for a text field, in characters.
package struct TextLimits: Sendable {
    package var minimum: Int
    package var maximum: Int

    package init(minimum: Int = 1, maximum: Int) {
        self.minimum = minimum
        self.maximum = maximum
    }

    /// A person's first or last name.
    package static let person = TextLimits(maximum: 100)
    /// Names: titles, companies, locations.
    package static let name = TextLimits(maximum: 200)
    /// Long descriptions.
    package static let description = TextLimits(maximum: 20_000)
    /// Messages sent to candidates: ten SMS segments.
    package static let message = TextLimits(maximum: 1_600)
    /// Opening messages, as Popp limits them.
    package static let openingMessage = TextLimits(maximum: 600)
    /// Instructions for the agent; Popp requires at least 10 characters.
    package static let additionalContext = TextLimits(minimum: 10, maximum: 10_000)
    /// A screening question.
    package static let question = TextLimits(maximum: 500)
    /// The agent's name.
    package static let agentName = TextLimits(maximum: 50)
    /// URLs.
    package static let url = TextLimits(maximum: 2_048)
    /// Free-form notes.
    package static let note = TextLimits(maximum: 2_000)
}
