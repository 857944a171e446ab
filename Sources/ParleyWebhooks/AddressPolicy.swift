package import Foundation

/// Which addresses webhooks may be sent to: public unicast ones only. Loopback, private, link-local, CGNAT,
/// multicast, broadcast, unspecified, documentation and other reserved ranges are refused, in every spelling
/// (`2130706433`, `0177.1`, `0x7f.0.0.1`, `::ffff:127.0.0.1`, `[::1]`, `localhost`), so a webhook cannot be
/// aimed at the server's own network.
package enum AddressPolicy {
    /// Why a target is refused.
    package struct Refusal: Error, Equatable, CustomStringConvertible {
        package let description: String
    }

    /// An IP address, v4 or v6.
    package enum Address: Equatable, CustomStringConvertible {
        case v4([UInt8])
        case v6([UInt8])

        package var description: String {
            switch self {
            case .v4(let bytes): return bytes.map(String.init).joined(separator: ".")
            case .v6(let bytes):
                return stride(from: 0, to: 16, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
                    .joined(separator: ":")
            }
        }
    }

    /// Checks a URL's scheme and, when its host is an address or a local name, the host itself. Host names are
    /// checked again once resolved, at every delivery.
    package static func checkURL(_ text: String) throws(Refusal) -> URLComponents {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(), ["http", "https"].contains(scheme)
        else { throw Refusal(description: "must be an absolute http or https URL") }
        guard let host = components.host, !host.isEmpty else { throw Refusal(description: "must name a host") }
        guard components.user == nil, components.password == nil else { throw Refusal(description: "must not carry a user name or password") }
        let name = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]."))
        if name == "localhost" || name.hasSuffix(".localhost") || name.hasSuffix(".local") || name.hasSuffix(".internal")
            || name == "localhost.localdomain"
        {
            throw Refusal(description: "must not point at a local host name (\(host))")
        }
        if let address = parse(name) { try check(address) }
        return components
    }

    /// Refuses `address` unless it is public unicast.
    package static func check(_ address: Address) throws(Refusal) {
        if let range = reservedRange(of: address) {
            throw Refusal(description: "must not point at a \(range) address (\(address))")
        }
    }

    /// The kind of reserved range `address` is in; `nil` for a public unicast address.
    package static func reservedRange(of address: Address) -> String? {
        switch address {
        case .v4(let b):
            switch (b[0], b[1]) {
            case (0, _): return "unspecified"
            case (10, _): return "private"
            case (100, 64...127): return "carrier-grade NAT"
            case (127, _): return "loopback"
            case (169, 254): return "link-local"
            case (172, 16...31): return "private"
            case (192, 0) where b[2] == 0 || b[2] == 2: return "reserved"
            case (192, 88) where b[2] == 99: return "reserved"
            case (192, 168): return "private"
            case (198, 18...19): return "benchmarking"
            case (198, 51) where b[2] == 100: return "documentation"
            case (203, 0) where b[2] == 113: return "documentation"
            case (224...239, _): return "multicast"
            case (240...255, _): return b == [255, 255, 255, 255] ? "broadcast" : "reserved"
            default: return nil
            }
        case .v6(let b):
            if b.allSatisfy({ $0 == 0 }) { return "unspecified" }
            if b[0..<15].allSatisfy({ $0 == 0 }) && b[15] == 1 { return "loopback" }
            // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) carry an IPv4 address.
            if b[0..<10].allSatisfy({ $0 == 0 }) && ((b[10] == 0xff && b[11] == 0xff) || (b[10] == 0 && b[11] == 0)) {
                return reservedRange(of: .v4(Array(b[12..<16]))) ?? (b[10] == 0 ? "IPv4-compatible" : nil)
            }
            if b[0] == 0x00, b[1] == 0x64, b[2] == 0xff, b[3] == 0x9b { return reservedRange(of: .v4(Array(b[12..<16]))) ?? nil }
            if b[0] & 0xfe == 0xfc { return "unique local" }
            if b[0] == 0xfe, b[1] & 0xc0 == 0x80 { return "link-local" }
            if b[0] == 0xfe, b[1] & 0xc0 == 0xc0 { return "site-local" }
            if b[0] == 0xff { return "multicast" }
            if b[0] == 0x20, b[1] == 0x01, b[2] == 0x0d, b[3] == 0xb8 { return "documentation" }
            if b[0] == 0x01, b[1] == 0x00, b[2...7].allSatisfy({ $0 == 0 }) { return "discard" }
            if b[0] == 0x20, b[1] == 0x01, b[2] & 0xfe == 0 { return "reserved" }
            if b[0] == 0x20, b[1] == 0x02 { return reservedRange(of: .v4(Array(b[2..<6]))).map { "6to4 \($0)" } }
            if b[0] & 0xe0 != 0x20 { return "reserved" }
            return nil
        }
    }

    /// The address `host` spells, in any form `inet_aton` or `inet_pton` accepts; `nil` for a host name.
    package static func parse(_ host: String) -> Address? {
        let text = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if text.contains(":") {
            var storage = in6_addr()
            guard inet_pton(AF_INET6, text.split(separator: "%").first.map(String.init) ?? text, &storage) == 1 else { return nil }
            return .v6(withUnsafeBytes(of: &storage) { Array($0) })
        }
        return parseIPv4(text)
    }

    /// `inet_aton`'s forms: one to four parts, each decimal, octal (`0…`) or hex (`0x…`); the last part fills
    /// the remaining bytes ("127.1", "2130706433").
    private static func parseIPv4(_ text: String) -> Address? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...4).contains(parts.count) else { return nil }
        var values: [UInt64] = []
        for part in parts {
            let lower = part.lowercased()
            let value: UInt64?
            if lower.hasPrefix("0x") {
                value = lower.count == 2 ? 0 : UInt64(lower.dropFirst(2), radix: 16)
            } else if lower.hasPrefix("0"), lower.count > 1 {
                value = UInt64(lower.dropFirst(), radix: 8)
            } else {
                value = UInt64(lower, radix: 10)
            }
            guard let value else { return nil }
            values.append(value)
        }
        var bytes: [UInt8] = []
        for value in values.dropLast() {
            guard value <= 255 else { return nil }
            bytes.append(UInt8(value))
        }
        let remaining = 4 - bytes.count
        guard let last = values.last, last < (UInt64(1) << (8 * UInt64(remaining))) else { return nil }
        for index in (0..<remaining).reversed() { bytes.append(UInt8((last >> (8 * UInt64(index))) & 0xff)) }
        return .v4(bytes)
    }

    /// The addresses `host` resolves to (an address spelled out resolves to itself).
    package static func resolve(_ host: String) -> [Address] {
        if let address = parse(host) { return [address] }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0 else { return [] }
        defer { freeaddrinfo(list) }
        var addresses: [Address] = []
        var entry = list
        while let info = entry?.pointee {
            if info.ai_family == AF_INET, let raw = info.ai_addr {
                raw.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                    var value = pointer.pointee.sin_addr
                    addresses.append(.v4(withUnsafeBytes(of: &value) { Array($0) }))
                }
            } else if info.ai_family == AF_INET6, let raw = info.ai_addr {
                raw.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                    var value = pointer.pointee.sin6_addr
                    addresses.append(.v6(withUnsafeBytes(of: &value) { Array($0) }))
                }
            }
            entry = info.ai_next
        }
        return addresses
    }
}
