/// Recipients gathered from several sources, in order, each address once (compared case-insensitively).
struct RecipientList {
    private(set) var addresses: [String] = []
    private var seen: Set<String> = []

    /// Adds `address` unless it is empty or already present.
    mutating func add(_ address: String) {
        let address = address.trimmingSpaces()
        guard !address.isEmpty, seen.insert(AddressList.normalized(address)).inserted else { return }
        addresses.append(address)
    }

    /// Adds every address in a header value such as `Jane <jane@example.com>, bob@example.com`.
    mutating func add(list value: String?) {
        guard let value else { return }
        for address in AddressList.parse(value) { add(address.address) }
    }
}
