/// How many items a list returns per page.
package enum PageSize {
    /// Items per page when the caller does not say.
    package static let `default` = 20
    /// The largest page a caller may ask for.
    package static let range = 1...100

    /// Checks a requested page size, returning the size to use.
    package static func validated(_ limit: Int?) throws(ValidationError) -> Int {
        guard let limit else { return PageSize.default }
        guard range.contains(limit) else {
            throw ValidationError(field: "limit", rule: "must be between \(range.lowerBound) and \(range.upperBound)")
        }
        return limit
    }
}

/// One page of a list, newest first, with the cursor for the next page when there is one.
package struct Page<Item: Sendable>: Sendable {
    package var items: [Item]
    package var nextToken: String?

    package init(items: [Item], nextToken: String?) {
        self.items = items
        self.nextToken = nextToken
    }
}
