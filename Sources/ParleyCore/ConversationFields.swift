/// A request to start a conversation, as sent.
package struct ConversationFields: Sendable, Equatable {
    package var firstName: String
    package var lastName: String?
    package var phoneNumber: String?
    /// ISO 3166-1 alpha-2 country of a national `phoneNumber` (`GB` for `07911 123456`).
    package var countryCode: String?
    package var emailAddress: String?
    package var externalID: String?
    package var applicationSource: String?
    package var openingMessage: String?
    /// Start even when the contact already has an active conversation in this campaign (it then waits behind it).
    package var skipDuplicationCheck = false
    /// Hold the first message until business hours in the candidate's time zone.
    package var shouldSendDuringBusinessHours = false
    /// First close the contact's active conversations in this campaign.
    package var closePreviousConversations = false
    /// First close the contact's active conversations on this channel in every campaign, so this one starts at once.
    package var closeAllOngoingConversations = false
    /// The conversation's own meeting set-up (`POST /v1/scheduling/conversations`): a template made for it, which
    /// it books from instead of the campaign's.
    package var meetingTemplate: MeetingTemplate.Definition?

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

    /// These fields with `phoneNumber` in E.164 when it was given as a national number with `countryCode`.
    package func normalized() throws(ValidationError) -> ConversationFields {
        guard let countryCode else { return self }
        guard CountryCallingCodes.knows(countryCode) else {
            throw ValidationError(field: "countryCode", rule: "must be an ISO 3166-1 alpha-2 country code this server knows, such as US or GB")
        }
        guard let phoneNumber, !PhoneNumber.isE164(phoneNumber) else { return self }
        guard let e164 = CountryCallingCodes.e164(phoneNumber, countryCode: countryCode) else {
            throw ValidationError(field: "phoneNumber", rule: "is not a phone number of country \(countryCode.uppercased())")
        }
        var fields = self
        fields.phoneNumber = e164
        return fields
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
        Conversation.contactKey(channel == .email ? emailAddress : phoneNumber, on: channel)
    }
}
