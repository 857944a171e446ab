import Foundation
import HTTPTypes
import ParleyCore
package import ParleyOpenAPI
import ParleyStore

extension APIController {
    package func createConversation(_ input: Operations.CreateConversation.Input) async throws -> Operations.CreateConversation.Output {
        let organizationID = try RequestOrganization.require()
        guard case .json(let body) = input.body else { throw APIError.badRequest("body", "must be JSON") }
        return .created(.init(body: .json(.init(try await start(body, meetingTemplate: nil, organizationID: organizationID)))))
    }

    package func scheduleConversation(_ input: Operations.ScheduleConversation.Input) async throws -> Operations.ScheduleConversation.Output {
        let organizationID = try RequestOrganization.require()
        guard case .json(let body) = input.body else { throw APIError.badRequest("body", "must be JSON") }
        let definition: MeetingTemplate.Definition
        do {
            definition = try MeetingTemplate.Definition(
                participants: body.value2.meetingParticipants, configuration: body.value2.meetingConfiguration)
        } catch {
            // The template's settings sit under meetingConfiguration here; its participants at the top, as in templates.
            throw ValidationError(
                error.issues.map { issue in
                    issue.field.hasPrefix("meetingParticipants") ? issue : .init(field: "meetingConfiguration.\(issue.field)", rule: issue.rule)
                })
        }
        return .created(.init(body: .json(.init(try await start(body.value1, meetingTemplate: definition, organizationID: organizationID)))))
    }

    /// Starts a conversation from a create request, with its own meeting template when given.
    private func start(
        _ body: Components.Schemas.CreateConversationRequest, meetingTemplate: MeetingTemplate.Definition?, organizationID: Organization.ID
    ) async throws -> Conversation {
        let campaign = try Self.campaignReference(id: body.campaignId, external: body.externalCampaignId)
        var fields = ConversationFields(
            firstName: body.firstName, lastName: body.lastName, phoneNumber: body.phoneNumber, emailAddress: body.emailAddress,
            externalID: body.externalId, applicationSource: body.applicationSource, openingMessage: body.openingMessage
        )
        fields.countryCode = body.countryCode
        fields.shouldSendDuringBusinessHours = body.shouldSendDuringBusinessHours ?? false
        fields.skipDuplicationCheck = body.skipDuplicationCheck ?? false
        fields.closePreviousConversations = body.closePreviousConversations ?? false
        fields.closeAllOngoingConversations = body.closeAllOngoingConversations ?? false
        fields.meetingTemplate = meetingTemplate
        do {
            return try await conversations.create(fields, campaign: campaign, organizationID: organizationID, ids: ids, at: clock.now())
        } catch ConversationRepository.StartError.campaignNotFound {
            throw APIError.notFound("campaignId")
        } catch ConversationRepository.StartError.campaignNotLive(let status) {
            throw APIError.badRequest("campaignId", "the campaign is \(status.rawValue); only LIVE campaigns accept conversations")
        } catch ConversationRepository.StartError.duplicate(let existing, let channel) {
            throw APIError(.conflict, ConversationRepository.duplicateError(existing, channel: channel).message)
        }
    }

    package func getConversation(_ input: Operations.GetConversation.Input) async throws -> Operations.GetConversation.Output {
        let organizationID = try RequestOrganization.require()
        let id = try Self.conversationID(input.path.conversationId)
        guard let conversation = try await conversations.find(id, organizationID: organizationID) else { throw APIError.notFound("conversationId") }
        let usage = try await conversations.modelUsage(of: conversation)
        return .ok(.init(body: .json(.init(conversation, modelUsage: usage))))
    }

    package func listConversations(_ input: Operations.ListConversations.Input) async throws -> Operations.ListConversations.Output {
        let organizationID = try RequestOrganization.require()
        let query = input.query
        var campaignID: Campaign.ID?
        if let text = query.campaignId {
            guard let id = Campaign.ID(uuidString: text) else { throw APIError.badRequest("campaignId", "must be a UUID") }
            campaignID = id
        }
        let filter = ConversationRepository.Filter(
            campaignID: campaignID, externalID: query.externalId, externalCampaignID: query.externalCampaignId, status: query.status.map(\.domain),
            needsReview: query.needsReview
        )
        let page = try await conversations.list(
            organizationID: organizationID, filter: filter, limit: try PageSize.validated(query.limit), nextToken: query.nextToken
        )
        return .ok(.init(body: .json(.init(data: page.items.map { Components.Schemas.Conversation($0) }, nextToken: page.nextToken))))
    }

    package func listConversationMessages(
        _ input: Operations.ListConversationMessages.Input
    ) async throws -> Operations.ListConversationMessages.Output {
        let organizationID = try RequestOrganization.require()
        let id = try Self.conversationID(input.path.conversationId)
        guard
            let page = try await conversations.messages(
                of: id, organizationID: organizationID, limit: try PageSize.validated(input.query.limit), nextToken: input.query.nextToken
            )
        else { throw APIError.notFound("conversationId") }
        return .ok(.init(body: .json(.init(data: page.items.map(Components.Schemas.Message.init), nextToken: page.nextToken))))
    }

    package func receiveSandboxMessage(_ input: Operations.ReceiveSandboxMessage.Input) async throws -> Operations.ReceiveSandboxMessage.Output {
        let organizationID = try RequestOrganization.require()
        guard case .json(let body) = input.body else { throw APIError.badRequest("body", "must be JSON") }
        var validator = Validator()
        validator.text(body.content, "content", .message)
        switch body.channel {
        case .sms, .whatsapp: validator.phoneNumber(body.from, "from")
        case .email: validator.emailAddress(body.from, "from")
        }
        try validator.finish()
        let received = try await conversations.receive(
            body.content, from: body.from, channel: body.channel.domain, organizationID: organizationID, ids: ids, at: clock.now()
        )
        guard case .stored(let message) = received else {
            throw APIError(.notFound, "from: no active conversation with this contact on \(body.channel.rawValue); the reply was recorded")
        }
        return .accepted(.init(body: .json(.init(message))))
    }

    /// The campaign a request names by `campaignId` or `externalCampaignId`.
    private static func campaignReference(id: String?, external: String?) throws(APIError) -> ConversationRepository.CampaignReference {
        switch (id, external) {
        case (let id?, nil):
            guard let campaignID = Campaign.ID(uuidString: id) else { throw APIError.badRequest("campaignId", "must be a UUID") }
            return .id(campaignID)
        case (nil, let external?):
            return .external(external)
        case (nil, nil):
            throw APIError.badRequest("campaignId", "is required (or externalCampaignId)")
        case (.some, .some):
            throw APIError.badRequest("externalCampaignId", "cannot be combined with campaignId; send one of them")
        }
    }

    static func conversationID(_ text: String) throws(APIError) -> Conversation.ID {
        guard let id = Conversation.ID(uuidString: text) else { throw APIError.badRequest("conversationId", "must be a UUID") }
        return id
    }
}

extension APIController {
    package func sendRecruiterMessage(_ input: Operations.SendRecruiterMessage.Input) async throws -> Operations.SendRecruiterMessage.Output {
        let organizationID = try RequestOrganization.require()
        let id = try Self.conversationID(input.path.conversationId)
        guard case .json(let body) = input.body else { throw APIError.badRequest("body", "must be JSON") }
        guard let content = body.content ?? body.message else { throw APIError.badRequest("content", "is required") }
        let message = try await Self.mapActionErrors {
            try await conversations.sendAsRecruiter(content, to: id, organizationID: organizationID, ids: ids, at: clock.now())
        }
        return .created(.init(body: .json(.init(message))))
    }

    package func takeOverConversation(_ input: Operations.TakeOverConversation.Input) async throws -> Operations.TakeOverConversation.Output {
        let organizationID = try RequestOrganization.require()
        let id = try Self.conversationID(input.path.conversationId)
        let conversation = try await Self.mapActionErrors {
            try await conversations.takeOver(id, organizationID: organizationID, ids: ids, at: clock.now())
        }
        return .ok(.init(body: .json(.init(conversation))))
    }

    package func handConversationToAgent(
        _ input: Operations.HandConversationToAgent.Input
    ) async throws -> Operations.HandConversationToAgent.Output {
        let organizationID = try RequestOrganization.require()
        let id = try Self.conversationID(input.path.conversationId)
        let conversation = try await Self.mapActionErrors {
            try await conversations.handBack(id, organizationID: organizationID, ids: ids, at: clock.now())
        }
        return .ok(.init(body: .json(.init(conversation))))
    }

    /// Runs a conversation action, turning its refusals into API errors.
    private static func mapActionErrors<T>(_ action: () async throws -> T) async throws -> T {
        do {
            return try await action()
        } catch ConversationRepository.ActionError.notFound {
            throw APIError.notFound("conversationId")
        } catch ConversationRepository.ActionError.finished(let status) {
            throw APIError.badRequest("conversationId", "the conversation is \(status.rawValue), so it can no longer change")
        }
    }
}

extension APIController {
    /// The most contacts one bulk request may carry.
    static let maximumBulkContacts = 1_000

    package func createConversationsInBulk(
        _ input: Operations.CreateConversationsInBulk.Input
    ) async throws -> Operations.CreateConversationsInBulk.Output {
        let organizationID = try RequestOrganization.require()
        guard case .json(let body) = input.body else { throw APIError.badRequest("body", "must be JSON") }
        let campaign = try Self.campaignReference(id: body.campaignId, external: body.externalCampaignId)
        guard (1...Self.maximumBulkContacts).contains(body.contacts.count) else {
            throw APIError.badRequest("contacts", "must contain 1 to \(Self.maximumBulkContacts) entries")
        }
        var errors: [Components.Schemas.BulkCreateConversationsResponse.ErrorsPayloadPayload] = []
        var accepted: [(index: Int, fields: ConversationFields)] = []
        for (index, contact) in body.contacts.enumerated() {
            guard let firstName = contact.firstName else {
                errors.append(.init(index: index, error: "firstName: is required"))
                continue
            }
            var fields = ConversationFields(
                firstName: firstName, lastName: contact.lastName, phoneNumber: contact.phoneNumber, emailAddress: contact.emailAddress,
                externalID: contact.externalId, applicationSource: contact.applicationSource, openingMessage: contact.openingMessage
            )
            fields.countryCode = contact.countryCode
            fields.closePreviousConversations = body.closePreviousConversations ?? false
            fields.shouldSendDuringBusinessHours = body.shouldSendDuringBusinessHours ?? false
            accepted.append((index, fields))
        }
        let results: [Result<Conversation, ValidationError>]
        do {
            results = try await conversations.createMany(
                accepted.map(\.fields), campaign: campaign, organizationID: organizationID, ids: ids, at: clock.now()
            )
        } catch ConversationRepository.StartError.campaignNotFound {
            throw APIError.notFound("campaignId")
        } catch ConversationRepository.StartError.campaignNotLive(let status) {
            throw APIError.badRequest("campaignId", "the campaign is \(status.rawValue); only LIVE campaigns accept conversations")
        }
        var created: [Components.Schemas.Conversation] = []
        for ((index, _), result) in zip(accepted, results) {
            switch result {
            case .success(let conversation): created.append(.init(conversation))
            case .failure(let error): errors.append(.init(index: index, error: error.message))
            }
        }
        errors.sort { $0.index < $1.index }
        return .ok(
            .init(
                body: .json(
                    .init(
                        summary: .init(requested: body.contacts.count, created: created.count, failed: errors.count),
                        data: created,
                        errors: errors
                    )
                )
            )
        )
    }
}
