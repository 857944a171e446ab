/// Every field of a request that breaks a rule, collected so the caller can fix them all at once.
///
/// Knows nothing about HTTP: the API layer renders it as `400 {"error": "<field>: <rule>; …"}`.
package struct ValidationError: Error, Sendable, Equatable {
    /// One broken rule.
    package struct Issue: Sendable, Equatable {
        /// The wire name of the field, with a path for nested values (`questions[2].content`).
        package var field: String
        /// The rule, phrased to follow the field name (`is required`).
        package var rule: String

        package init(field: String, rule: String) {
            self.field = field
            self.rule = rule
        }
    }

    /// The broken rules, in the order they were found.
    package var issues: [Issue]

    package init(_ issues: [Issue]) {
        self.issues = issues
    }

    /// A single broken rule.
    package init(field: String, rule: String) {
        self.issues = [Issue(field: field, rule: rule)]
    }

    /// `field: rule` for each issue, joined with `; `.
    package var message: String {
        issues.map { "\($0.field): \($0.rule)" }.joined(separator: "; ")
    }
}
