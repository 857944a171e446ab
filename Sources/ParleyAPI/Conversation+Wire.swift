import ParleyCore
import ParleyOpenAPI

extension Components.Schemas.Conversation {
    /// The wire form of a conversation, with its model usage when a model was asked.
    init(_ conversation: Conversation, modelUsage: ModelUsage? = nil) {
        self.init(
            id: conversation.id.uuidString,
            organizationId: conversation.organizationID.uuidString,
            campaignId: conversation.campaignID.uuidString,
            status: .init(conversation.status),
            channel: .init(conversation.channel),
            participantFirstName: conversation.firstName,
            participantLastName: conversation.lastName,
            participantPhoneNumber: conversation.phoneNumber,
            participantEmailAddress: conversation.emailAddress,
            needsReview: conversation.needsReview,
            isHumanTakeover: conversation.isHumanTakeover,
            screeningQuestionsOutcome: conversation.outcomes.map {
                .init(
                    screeningQuestion: $0.screeningQuestion, questionOutcome: .init(rawValue: $0.questionOutcome.rawValue) ?? .failed,
                    responseSummary: $0.responseSummary
                )
            },
            modelUsage: modelUsage.map {
                .init(calls: $0.calls, promptTokens: $0.promptTokens, completionTokens: $0.completionTokens, latencyMs: $0.latencyMilliseconds)
            },
            externalId: conversation.externalID,
            externalCampaignId: conversation.externalCampaignID,
            applicationSource: conversation.applicationSource,
            meetingTemplateId: conversation.meetingTemplateID?.uuidString,
            createdAt: conversation.createdAt,
            updatedAt: conversation.updatedAt
        )
    }
}

extension Components.Schemas.Message {
    /// The wire form of a message.
    init(_ message: Message) {
        self.init(
            id: message.id.uuidString,
            conversationId: message.conversationID.uuidString,
            role: .init(rawValue: message.role.rawValue) ?? .system,
            content: message.content,
            channel: .init(message.channel),
            deliveryStatus: .init(rawValue: message.deliveryStatus.rawValue) ?? .queued,
            providerMessageId: message.providerMessageID,
            createdAt: message.createdAt
        )
    }
}

extension Components.Schemas.ConversationStatus: WireEnum { typealias Domain = ConversationStatus }
