/// The network a campaign reaches candidates on.
package enum Channel: String, Sendable, Codable, CaseIterable {
    case sms = "SMS"
    case whatsapp = "WHATSAPP"
    case email = "EMAIL"
}
