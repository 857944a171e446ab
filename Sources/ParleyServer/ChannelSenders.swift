import Foundation
import ParleyChannels
import ParleyCore
import ParleyStore

/// Makes the sender for a channel connection, opening its sealed credentials, and the envelope of each email.
struct ChannelSenders: Sendable {
    let keyring: SecretKeyring
    let urls: CallbackURLs
    let email: EmailSender.Transport

    /// The sender that speaks to `connection`'s provider.
    func sender(for connection: ChannelConnection, sealedCredentials: String) async throws -> any ChannelSender {
        let credentials = try await keyring.box().openCredentials(sealedCredentials)
        switch connection.provider {
        case .twilio:
            return TwilioSender(
                apiBaseURL: connection.apiBaseURL, accountSID: credentials["accountSid"] ?? "", authToken: credentials["authToken"] ?? "",
                sender: connection.sender, whatsApp: connection.channel == .whatsapp, statusCallbackURL: urls.status(of: connection.id.rawValue),
                whatsAppContentSID: connection.whatsAppTemplate?.name
            )
        case .meta:
            guard let template = connection.whatsAppTemplate else { throw ChannelSendError.permanent("the connection has no WhatsApp template") }
            return MetaSender(
                apiBaseURL: connection.apiBaseURL, phoneNumberID: credentials["phoneNumberId"] ?? "", accessToken: credentials["accessToken"] ?? "",
                template: template
            )
        case .smtp:
            return try EmailSender(
                relayURL: connection.apiBaseURL, username: credentials["username"], password: credentials["password"], sender: connection.sender,
                transport: email
            )
        }
    }

    /// The subject, thread, reply address and unsubscribe link of an email in `conversation`.
    func emailContext(
        box: SecretBox, conversation: Conversation.ID, companyName: String, campaignTitle: String, sender: String, references: [String]
    ) -> EmailContext {
        let token = box.token(for: CallbackURLs.unsubscribePurpose, conversation.uuidString)
        let subject = "\(campaignTitle) at \(companyName)"
        return EmailContext(
            senderName: companyName, subject: references.isEmpty ? subject : "Re: \(subject)",
            replyTo: ReplyAddress.make(sender: sender, conversation: conversation.rawValue), references: references,
            unsubscribeURL: urls.unsubscribe(conversation: conversation.rawValue, token: token)
        )
    }
}
