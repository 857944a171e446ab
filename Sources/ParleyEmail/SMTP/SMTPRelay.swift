/// The SMTP server outbound mail is handed to, and how to reach it.
package struct SMTPRelay: Sendable, Hashable {
    /// How the connection to the relay is protected.
    package enum Security: String, Sendable, Hashable, CaseIterable {
        /// Connect in plain text, then upgrade with `STARTTLS` (usually port 587).
        case startTLS
        /// TLS from the first byte (usually port 465).
        case implicitTLS
        /// No TLS at all; allowed only when the relay is on loopback.
        case plain
    }

    /// The relay's host name or IP address.
    package var host: String
    /// The relay's TCP port.
    package var port: Int
    /// How the connection is protected.
    package var security: Security
    /// The user name for `AUTH`; no authentication when `nil`.
    package var username: String?
    /// The password for `AUTH`.
    package var password: String?

    /// A relay; `username` and `password` are used only when both are given.
    package init(host: String, port: Int, security: Security, username: String? = nil, password: String? = nil) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
    }

    /// Whether the relay is this machine (`localhost`, `127.0.0.0/8` or `::1`), where plain text is allowed.
    package var isLoopback: Bool { LoopbackHost.contains(host) }

    /// The rule for plain text: TLS is required unless the relay is on loopback.
    package var requiresTLS: Bool { !isLoopback }

    /// The credentials to authenticate with, when both parts are given.
    var credentials: (username: String, password: String)? {
        guard let username, let password else { return nil }
        return (username, password)
    }
}

extension SMTPRelay: CustomStringConvertible {
    /// The relay without its credentials, safe to log.
    package var description: String {
        "\(host):\(port) (\(security.rawValue)\(username == nil ? "" : ", authenticated"))"
    }
}
