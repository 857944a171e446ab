/// A company that carries messages for a channel.
package enum ChannelProvider: String, Sendable, Codable, CaseIterable {
    /// Twilio's Programmable Messaging: SMS, and WhatsApp through Twilio.
    case twilio = "TWILIO"
    /// Meta's WhatsApp Cloud API.
    case meta = "META"
    /// Any mail relay speaking SMTP.
    case smtp = "SMTP"

    /// The channels the provider carries.
    package var channels: Set<Channel> {
        switch self {
        case .twilio: [.sms, .whatsapp]
        case .meta: [.whatsapp]
        case .smtp: [.email]
        }
    }

    /// The provider's real API, used when a connection names none; SMTP has no default relay.
    package var defaultAPIBaseURL: String? {
        switch self {
        case .twilio: "https://api.twilio.com"
        case .meta: "https://graph.facebook.com/v21.0"
        case .smtp: nil
        }
    }

    /// The credential fields the provider needs, and the optional ones it accepts.
    package var credentialFields: (required: [String], optional: [String]) {
        switch self {
        case .twilio: (["accountSid", "authToken"], [])
        case .meta: (["accessToken", "appSecret", "verifyToken", "phoneNumberId"], [])
        case .smtp: ([], ["username", "password"])
        }
    }

    /// The pace a sender keeps unless told otherwise: a Twilio long code sends one SMS a second, WhatsApp
    /// senders start at 80 a second, and a mail relay is given ten.
    package func defaultMessagesPerSecond(on channel: Channel) -> Double {
        switch (self, channel) {
        case (.twilio, .sms): 1
        case (.smtp, _): 10
        default: 80
        }
    }
}
