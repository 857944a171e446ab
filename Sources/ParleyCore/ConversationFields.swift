/// A request to start a conversation, as sent.
package struct ConversationFields: Sendable, Equatable {
    package var firstName: String
    package var lastName: String?
    package var phoneNumber: String?
    package var emailAddress: String?
    package var externalID: String?
    package var applicationSource: String?
    package var openingMessage: String?
    /// Start even when the contact already has an active conversation in this campaign (it then waits behind it).
    package var skipDuplicationCheck = false
    /// First close the contact's active conversations in this campaign.
    package var closePreviousConversations = false
    /// First close the contact's active conversations on this channel in every campaign, so this one starts at once.
    package var closeAllOngoingConversations = false

    package init(
        firstName: String,
        lastName: String? = nil,
        phoneNumber: String? = nil,
        emailAddress: String? = nil,
        externalID: String? = nil,
        applicationSource: String? = nil,
        openingMessage: String? = nil
    ) {
        self.firstName = firstName
        self.lastName = lastName
        self.phoneNumber = phoneNumber
        self.emailAddress = emailAddress
        self.externalID = externalID
        self.applicationSource = applicationSource
        self.openingMessage = openingMessage
    }

    /// Checks the fields for a conversation on `channel` (the campaign's): the contact the channel needs, and
    /// the opening message rules (at most 600 characters, STOP for SMS, none for WhatsApp).
    package func validate(for channel: Channel) throws(ValidationError) {
        var validator = Validator()
        validator.text(firstName, "firstName", .person)
        validator.text(lastName, "lastName", .person)
        validator.text(externalID, "externalId", .name)
        validator.text(applicationSource, "applicationSource", .name)
        validator.phoneNumber(phoneNumber, "phoneNumber")
        validator.emailAddress(emailAddress, "emailAddress")
        switch channel {
        case .sms, .whatsapp:
            if phoneNumber == nil { validator.fail("phoneNumber", "is required for \(channel.rawValue) campaigns") }
        case .email:
            if emailAddress == nil { validator.fail("emailAddress", "is required for EMAIL campaigns") }
        }
        if let openingMessage {
            validator.text(openingMessage, "openingMessage", .openingMessage)
            if channel == .whatsapp {
                validator.fail("openingMessage", "is not allowed for WHATSAPP campaigns, which open with their approved template")
            }
            if channel == .sms {
                validator.check(
                    MessagePlaceholder.containsStopKeyword(openingMessage), "openingMessage", "must contain the uppercase word STOP for SMS campaigns"
                )
            }
            let unknown = MessagePlaceholder.unknownNames(in: openingMessage)
            if !unknown.isEmpty {
                validator.fail("openingMessage", "unknown placeholder \(unknown.map { "{{\($0)}}" }.joined(separator: ", "))")
            }
        }
        try validator.finish()
    }

    /// The contact the channel reaches the candidate at.
    package func contact(for channel: Channel) -> String {
        (channel == .email ? emailAddress : phoneNumber) ?? ""
    }
}
