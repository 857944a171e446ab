import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
package import ParleyCore

/// Sends WhatsApp messages with Meta's WhatsApp Cloud API: a JSON POST to `{apiBaseUrl}/{phone-number-id}/messages`
/// with a bearer token. Outside the 24 hours after the candidate last wrote, WhatsApp takes only approved
/// templates, so the text then goes as the template's one body parameter.
package struct MetaSender: ChannelSender {
    /// The API with its version, such as `https://graph.facebook.com/v21.0`.
    package var apiBaseURL: String
    package var phoneNumberID: String
    package var accessToken: String
    package var template: WhatsAppTemplate

    package init(apiBaseURL: String, phoneNumberID: String, accessToken: String, template: WhatsAppTemplate) {
        self.apiBaseURL = apiBaseURL
        self.phoneNumberID = phoneNumberID
        self.accessToken = accessToken
        self.template = template
    }

    package func send(_ message: OutboundMessage) async throws(ChannelSendError) -> String {
        var request = HTTPClientRequest(url: "\(apiBaseURL)/\(phoneNumberID)/messages")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Authorization", value: "Bearer \(accessToken)")
        let payload = Self.payload(for: message, template: template)
        guard let body = try? JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys]) else {
            throw .permanent("the message could not be encoded")
        }
        request.body = .bytes(ByteBuffer(bytes: body))
        let (_, answer) = try await ProviderHTTP.send(request, provider: "WhatsApp Cloud API")
        struct Sent: Decodable {
            struct ID: Decodable { var id: String }
            var messages: [ID]
        }
        guard let id = (try? JSONDecoder().decode(Sent.self, from: answer))?.messages.first?.id else {
            throw .unknown("WhatsApp Cloud API accepted the message without an id")
        }
        return id
    }

    /// The request body: free text inside the reply window, else the template carrying the text.
    static func payload(for message: OutboundMessage, template: WhatsAppTemplate) -> [String: Any] {
        let to = message.to.hasPrefix("+") ? String(message.to.dropFirst()) : message.to
        var payload: [String: Any] = ["messaging_product": "whatsapp", "recipient_type": "individual", "to": to]
        if message.replyWindowOpen {
            payload["type"] = "text"
            payload["text"] = ["preview_url": false, "body": message.text]
        } else {
            payload["type"] = "template"
            payload["template"] = [
                "name": template.name, "language": ["code": template.language ?? "en"],
                "components": [["type": "body", "parameters": [["type": "text", "text": templateParameter(message.text)]]]],
            ]
        }
        return payload
    }

    /// A template parameter may hold no new lines or tabs, nor more than four spaces in a row.
    static func templateParameter(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
