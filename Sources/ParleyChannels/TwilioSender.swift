import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Sends SMS, or WhatsApp through Twilio, with Twilio's Messages API: a form POST to
/// `{apiBaseUrl}/2010-04-01/Accounts/{AccountSid}/Messages.json` under HTTP basic auth. A WhatsApp message outside
/// the 24 hours after the candidate last wrote goes as the connection's content template.
package struct TwilioSender: ChannelSender {
    package var apiBaseURL: String
    package var accountSID: String
    package var authToken: String
    /// The number messages come from, E.164.
    package var sender: String
    /// Whether the number is a WhatsApp sender: both ends are then written `whatsapp:+…`.
    package var whatsApp: Bool
    /// Where Twilio reports how far each message got.
    package var statusCallbackURL: String
    /// The Content SID of the approved template a WhatsApp message outside the 24-hour window is sent with.
    package var whatsAppContentSID: String?

    package init(
        apiBaseURL: String, accountSID: String, authToken: String, sender: String, whatsApp: Bool, statusCallbackURL: String,
        whatsAppContentSID: String? = nil
    ) {
        self.whatsAppContentSID = whatsAppContentSID
        self.apiBaseURL = apiBaseURL
        self.accountSID = accountSID
        self.authToken = authToken
        self.sender = sender
        self.whatsApp = whatsApp
        self.statusCallbackURL = statusCallbackURL
    }

    package func send(_ message: OutboundMessage) async throws(ChannelSendError) -> String {
        let prefix = whatsApp ? "whatsapp:" : ""
        var fields = [("To", prefix + message.to), ("From", prefix + sender), ("StatusCallback", statusCallbackURL)]
        if whatsApp, !message.replyWindowOpen, let contentSID = whatsAppContentSID {
            // Outside the window WhatsApp takes only an approved template: the text goes as its variable {{1}}.
            let variables = (try? JSONSerialization.data(withJSONObject: ["1": MetaSender.templateParameter(message.text)])) ?? Data()
            fields += [("ContentSid", contentSID), ("ContentVariables", String(decoding: variables, as: UTF8.self))]
        } else {
            fields.append(("Body", message.text))
        }
        let form = FormURLEncoding.encode(fields)
        var request = HTTPClientRequest(url: "\(apiBaseURL)/2010-04-01/Accounts/\(accountSID)/Messages.json")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Authorization", value: "Basic " + Data("\(accountSID):\(authToken)".utf8).base64EncodedString())
        request.body = .bytes(ByteBuffer(string: form))
        let (_, body) = try await ProviderHTTP.send(request, provider: "Twilio")
        struct Created: Decodable { var sid: String }
        guard let created = try? JSONDecoder().decode(Created.self, from: body) else {
            throw .unknown("Twilio accepted the message without a sid")
        }
        return created.sid
    }
}
