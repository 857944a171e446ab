/// Comparisons that take as long whatever the inputs, so a signature or token cannot be guessed byte by byte.
package enum ConstantTime {
    /// Whether the two byte strings are equal.
    package static func equal(_ left: some Collection<UInt8>, _ right: some Collection<UInt8>) -> Bool {
        guard left.count == right.count else { return false }
        return zip(left, right).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
