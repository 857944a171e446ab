/// Failures of the store that are not the caller's fault.
package enum StoreError: Error, Sendable, Equatable {
    /// A row holds a value Parley never writes: the database was edited by hand or is damaged.
    case corruptRow(String)
}
