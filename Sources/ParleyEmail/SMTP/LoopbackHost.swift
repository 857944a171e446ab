import NIOCore

/// Recognizes hosts that are this machine: `localhost`, `127.0.0.0/8`, `::1`
/// and IPv4-mapped `::ffff:127.x.x.x`. Only canonical spellings count, so an odd spelling is treated as remote
/// and still has to use TLS.
enum LoopbackHost {
    /// Whether `host` is a loopback name or address.
    static func contains(_ host: String) -> Bool {
        var name = host.lowercased()
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        if name.hasSuffix(".") { name.removeLast() }
        if name == "localhost" { return true }
        guard !name.isEmpty, let address = try? SocketAddress(ipAddress: name, port: 0), let text = address.ipAddress else { return false }
        switch address {
        case .v4: return text.hasPrefix("127.")
        case .v6: return text == "::1" || text.hasPrefix("::ffff:127.")
        case .unixDomainSocket: return false
        }
    }
}
