/// One extra header field of an outgoing message, such as `List-Unsubscribe`.
package struct EmailHeader: Sendable, Hashable {
    /// The field name, e.g. `List-Unsubscribe`.
    package var name: String
    /// The field value, unfolded, e.g. `<https://example.com/unsubscribe/abc>`.
    package var value: String

    /// A header field.
    package init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
