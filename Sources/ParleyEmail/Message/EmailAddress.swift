/// An address with an optional display name, as in `From: "Ada Lovelace" <ada@example.com>`.
package struct EmailAddress: Sendable, Hashable {
    /// The address itself, `local@domain`, without angle brackets.
    package var address: String
    /// The display name shown before the address, if any.
    package var name: String?

    /// An address with an optional display name.
    package init(_ address: String, name: String? = nil) {
        self.address = address
        self.name = name
    }
}
