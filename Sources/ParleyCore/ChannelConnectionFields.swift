import Foundation

/// What a request may set on a channel connection, checked against the provider's rules.
package struct ChannelConnectionFields: Sendable {
    package var sender: String?
    package var credentials: [String: String]?
    package var apiBaseURL: String?
    package var messagesPerSecond: Double?
    package var whatsAppTemplate: WhatsAppTemplate?

    package init(
        sender: String?, credentials: [String: String]?, apiBaseURL: String?, messagesPerSecond: Double?, whatsAppTemplate: WhatsAppTemplate?
    ) {
        self.sender = sender
        self.credentials = credentials
        self.apiBaseURL = apiBaseURL
        self.messagesPerSecond = messagesPerSecond
        self.whatsAppTemplate = whatsAppTemplate
    }

    /// The slowest and fastest pace a sender may be given, in messages per second.
    package static let paceRange = 0.01...1_000.0
    /// The longest credential value.
    package static let credentialLimit = 4_096

    /// Checks the fields for a new connection: everything the provider needs must be here.
    package func checkCreate(channel: Channel, provider: ChannelProvider) throws(ValidationError) {
        var validator = Validator()
        validator.check(provider.channels.contains(channel), "provider", "\(provider.rawValue) does not carry \(channel.rawValue)")
        if sender == nil { validator.fail("sender", "is required") }
        if credentials == nil, !provider.credentialFields.required.isEmpty { validator.fail("credentials", "is required") }
        if apiBaseURL == nil, provider.defaultAPIBaseURL == nil {
            validator.fail("apiBaseUrl", "is required for \(provider.rawValue): the relay's smtp:// or smtps:// URL")
        }
        if whatsAppTemplate == nil, channel == .whatsapp {
            validator.fail("whatsappTemplate", "is required for WHATSAPP: the approved template that opens a conversation")
        }
        check(channel: channel, provider: provider, into: &validator)
        try validator.finish()
    }

    /// Checks the fields an update gives, each against the connection's channel and provider.
    package func checkUpdate(channel: Channel, provider: ChannelProvider) throws(ValidationError) {
        var validator = Validator()
        check(channel: channel, provider: provider, into: &validator)
        try validator.finish()
    }

    private func check(channel: Channel, provider: ChannelProvider, into validator: inout Validator) {
        switch channel {
        case .sms, .whatsapp: validator.phoneNumber(sender, "sender")
        case .email: validator.emailAddress(sender, "sender")
        }
        if let credentials { Self.check(credentials, of: provider, into: &validator) }
        if let apiBaseURL { Self.check(apiBaseURL: apiBaseURL, of: provider, into: &validator) }
        if let messagesPerSecond {
            validator.check(
                Self.paceRange.contains(messagesPerSecond), "messagesPerSecond",
                "must be between \(Self.paceRange.lowerBound) and \(Int(Self.paceRange.upperBound))"
            )
        }
        if let whatsAppTemplate {
            validator.check(channel == .whatsapp, "whatsappTemplate", "applies to WHATSAPP connections only")
            switch provider {
            case .twilio:
                validator.check(
                    whatsAppTemplate.name.wholeMatch(of: /HX[0-9a-fA-F]{32}/) != nil, "whatsappTemplate.name",
                    "must be the Content SID (HX and 32 hex digits) of an approved Twilio content template"
                )
                validator.check(whatsAppTemplate.language == nil, "whatsappTemplate.language", "applies to META templates only")
            case .meta, .smtp:
                validator.check(
                    !whatsAppTemplate.name.isEmpty && whatsAppTemplate.name.count <= 512
                        && whatsAppTemplate.name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") },
                    "whatsappTemplate.name", "must be a template name of lowercase letters, digits and underscores"
                )
                validator.check(
                    whatsAppTemplate.language?.wholeMatch(of: /[a-z]{2,3}(_[A-Z]{2})?/) != nil, "whatsappTemplate.language",
                    "must be a language code such as en or en_US"
                )
            }
        }
    }

    private static func check(_ credentials: [String: String], of provider: ChannelProvider, into validator: inout Validator) {
        let (required, optional) = provider.credentialFields
        for name in required where credentials[name] == nil {
            validator.fail("credentials.\(name)", "is required for \(provider.rawValue)")
        }
        for (name, value) in credentials.sorted(by: { $0.key < $1.key }) {
            guard required.contains(name) || optional.contains(name) else {
                validator.fail(
                    "credentials.\(name)", "is not a \(provider.rawValue) credential; expected \((required + optional).joined(separator: ", "))")
                continue
            }
            validator.check(!value.isEmpty && value.count <= credentialLimit, "credentials.\(name)", "must be 1 to \(credentialLimit) characters")
        }
        switch provider {
        case .twilio:
            if let sid = credentials["accountSid"] {
                validator.check(
                    sid.wholeMatch(of: /AC[0-9a-fA-F]{32}/) != nil, "credentials.accountSid", "must be a Twilio Account SID: AC and 32 hex digits")
            }
        case .meta:
            if let id = credentials["phoneNumberId"] {
                validator.check(
                    !id.isEmpty && id.allSatisfy(\.isWholeNumber), "credentials.phoneNumberId", "must be the digits of a WhatsApp phone number id")
            }
        case .smtp:
            validator.check(
                (credentials["username"] == nil) == (credentials["password"] == nil), "credentials",
                "must give both username and password, or neither"
            )
        }
    }

    /// Whether `host` names this machine's loopback interface, where plain http is allowed.
    package static func isLoopback(_ host: String) -> Bool {
        ["localhost", "127.0.0.1", "::1", "[::1]"].contains(host.lowercased())
    }

    private static func check(apiBaseURL: String, of provider: ChannelProvider, into validator: inout Validator) {
        guard apiBaseURL.count <= TextLimits.url.maximum, let url = URLComponents(string: apiBaseURL), let host = url.host, !host.isEmpty
        else { return validator.fail("apiBaseUrl", "must be an absolute URL") }
        let scheme = url.scheme?.lowercased() ?? ""
        validator.check(url.user == nil && url.password == nil, "apiBaseUrl", "must not carry credentials; put them in credentials")
        validator.check(url.query == nil && url.fragment == nil, "apiBaseUrl", "must not have a query or fragment")
        switch provider {
        case .smtp:
            validator.check(
                scheme == "smtp" || scheme == "smtps", "apiBaseUrl",
                "must be smtp://host[:port] (STARTTLS, port 587) or smtps://host[:port] (TLS, port 465)"
            )
        case .twilio, .meta:
            validator.check(
                scheme == "https" || (scheme == "http" && isLoopback(host)), "apiBaseUrl", "must be an https URL (http is allowed on loopback only)"
            )
        }
    }
}
