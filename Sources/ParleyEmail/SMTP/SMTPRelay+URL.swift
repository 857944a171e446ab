import Foundation

extension SMTPRelay {
    /// Why a relay URL was refused.
    package struct URLError: Error, Equatable, CustomStringConvertible {
        /// What is wrong with the URL.
        package let description: String
    }

    /// A relay from `smtp://host[:port]` (STARTTLS, port 587 by default) or `smtps://host[:port]` (implicit TLS,
    /// port 465 by default). IPv6 hosts are written in brackets: `smtp://[::1]:25`. Credentials are never read
    /// from the URL; pass them separately.
    package init(url text: String, username: String? = nil, password: String? = nil) throws(URLError) {
        guard let components = URLComponents(string: text.trimmingCharacters(in: .whitespaces)), let scheme = components.scheme?.lowercased()
        else { throw URLError(description: "SMTP relay URL must look like smtp://host[:port] or smtps://host[:port]") }
        let security: Security
        let defaultPort: Int
        switch scheme {
        case "smtp": (security, defaultPort) = (.startTLS, 587)
        case "smtps": (security, defaultPort) = (.implicitTLS, 465)
        default: throw URLError(description: "SMTP relay URL scheme must be smtp or smtps, not \(scheme)")
        }
        guard let host = components.host, !host.isEmpty else { throw URLError(description: "SMTP relay URL must name a host") }
        guard components.user == nil, components.password == nil else {
            throw URLError(description: "SMTP relay URL must not carry credentials; configure the user name and password separately")
        }
        guard components.path.isEmpty || components.path == "/", components.query == nil, components.fragment == nil else {
            throw URLError(description: "SMTP relay URL must be only smtp[s]://host[:port]")
        }
        let port = components.port ?? defaultPort
        guard (1...65535).contains(port) else { throw URLError(description: "SMTP relay port must be between 1 and 65535") }
        let bareHost = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        self.init(host: bareHost, port: port, security: security, username: username, password: password)
    }
}
