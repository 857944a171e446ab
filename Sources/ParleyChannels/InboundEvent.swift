package import ParleyCore

/// What a provider's callback tells us: a candidate wrote, or a message we sent got further (or failed).
package enum InboundEvent: Sendable, Equatable {
    case message(InboundMessage)
    case status(DeliveryReport)
}

/// A candidate's message as a provider delivered it.
package struct InboundMessage: Sendable, Equatable {
    /// The candidate's phone number (E.164) or email address.
    package var from: String
    package var text: String
    /// The provider's id for it, which makes a redelivery of the same message recognisable.
    package var providerMessageID: String

    package init(from: String, text: String, providerMessageID: String) {
        self.from = from
        self.text = text
        self.providerMessageID = providerMessageID
    }
}

/// How far one of our messages got, by the provider's id for it.
package struct DeliveryReport: Sendable, Equatable {
    package var providerMessageID: String
    package var status: Message.DeliveryStatus

    package init(providerMessageID: String, status: Message.DeliveryStatus) {
        self.providerMessageID = providerMessageID
        self.status = status
    }
}
