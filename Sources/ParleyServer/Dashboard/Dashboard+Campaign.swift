import Foundation
import HTTPTypes
import Hummingbird
import ParleyCore
import ParleyStore

/// `/campaign/outbound/{campaignId}`: the campaign's settings and conversations; `?conversationId=` opens a
/// transcript with the screening so far, take over and hand back, and a message as recruiter. The transcript
/// refreshes itself every two seconds from its own fragment, so new messages appear without reloading.
extension Dashboard {
    func registerCampaignPages<Context: RequestContext>(on router: Router<Context>) {
        router.get("/campaign/outbound/{campaignId}") { request, context in try await campaignPage(request, context) }
        router.get("/campaign/outbound/{campaignId}/conversations/{conversationId}/transcript") { request, context in
            try await transcriptFragment(request, context)
        }
        router.post("/campaign/outbound/{campaignId}/conversations/{conversationId}/take-over") { request, context in
            try await act(request, context) { id, organization, now in
                _ = try await conversations.takeOver(id, organizationID: organization, ids: ids, at: now)
            }
        }
        router.post("/campaign/outbound/{campaignId}/conversations/{conversationId}/hand-back") { request, context in
            try await act(request, context) { id, organization, now in
                _ = try await conversations.handBack(id, organizationID: organization, ids: ids, at: now)
            }
        }
        router.post("/campaign/outbound/{campaignId}/conversations/{conversationId}/messages") { request, context in
            try await act(request, context) { id, organization, now, form in
                _ = try await conversations.sendAsRecruiter(form["content"] ?? "", to: id, organizationID: organization, ids: ids, at: now)
            }
        }
    }

    private var conversations: ConversationRepository { ConversationRepository(database: database) }

    private func campaignPage(_ request: Request, _ context: some RequestContext) async throws -> Response {
        guard let session = try await session(request) else { return Self.signInRedirect(request) }
        guard let campaign = try await campaign(context, organizationID: session.user.organizationID) else { return notFound(session) }
        let query = request.uri.queryParameters
        return try await campaignPage(
            session, campaign, status: query["status"].flatMap { ConversationStatus(rawValue: String($0)) },
            open: query["conversationId"].flatMap { Conversation.ID(uuidString: String($0)) })
    }

    /// The campaign page for the session, its conversations narrowed to `status`, with conversation `openID` open
    /// and `sendError` shown beside the message form.
    func campaignPage(
        _ session: UserRepository.Session, _ campaign: Campaign, status: ConversationStatus?, open openID: Conversation.ID?,
        sendError: String? = nil, startError: String? = nil, upload: (result: String, errors: [String])? = nil
    ) async throws -> Response {
        let organizationID = session.user.organizationID
        let listed = try await conversations.list(
            organizationID: organizationID, filter: .init(campaignID: campaign.id, status: status), limit: Self.listLimit, nextToken: nil)
        let counts = try await conversations.statusCounts(organizationID: organizationID, campaigns: [campaign.id])[campaign.id] ?? [:]
        let total = status.map { counts[$0] ?? 0 } ?? counts.values.reduce(0, +)
        let countText =
            total > listed.items.count
            ? "The newest \(listed.items.count) of \(total) conversations; filter by status to find others."
            : "\(total) conversation\(total == 1 ? "" : "s")"
        var values = signedIn(session)
        values["conversationCount"] = countText
        values["title"] = campaign.settings.title
        values["campaign"] = [
            "id": campaign.id.uuidString, "title": campaign.settings.title, "type": campaign.settings.type.rawValue,
            "channel": campaign.settings.channel.rawValue, "status": campaign.settings.status.rawValue,
            "closingMethod": campaign.settings.closingMethod.rawValue,
        ]
        values["questions"] = campaign.settings.questions.map { ["content": $0.content, "mandatory": $0.isMandatory] }
        values["statuses"] = Self.options(ConversationStatus.allCases.map(\.rawValue), selected: status?.rawValue, all: "Any status")
        values["conversations"] = listed.items.map { conversation -> [String: Any] in
            [
                "id": conversation.id.uuidString, "name": Self.name(of: conversation), "status": conversation.status.rawValue,
                "needsReview": conversation.needsReview, "current": conversation.id == openID,
            ]
        }
        let nonce = UserRepository.randomToken()
        values["nonce"] = nonce
        if let startError { values["startError"] = startError }
        if let upload {
            values["uploadResult"] = upload.result
            if !upload.errors.isEmpty {
                values["uploadErrors"] = upload.errors
                values["hasUploadErrors"] = true
            }
        }
        if let openID {
            guard let conversation = try await conversations.find(openID, organizationID: organizationID), conversation.campaignID == campaign.id
            else { return notFound(session) }
            let base = "/campaign/outbound/\(campaign.id)/conversations/\(conversation.id)"
            var open: [String: Any] = [
                "name": Self.name(of: conversation), "status": conversation.status.rawValue, "needsReview": conversation.needsReview,
                "takenOver": conversation.isHumanTakeover, "active": conversation.status.isActive, "actionURL": base,
                "fragmentURL": "\(base)/transcript", "csrf": session.csrfToken, "nonce": nonce,
                "hasOutcomes": !conversation.outcomes.isEmpty,
                "outcomes": conversation.outcomes.map {
                    ["question": $0.screeningQuestion, "outcome": $0.questionOutcome.rawValue, "summary": $0.responseSummary]
                },
                "messages": try await messages(of: conversation),
            ]
            // Mustache treats an empty string as present: a missing value is left out instead.
            if let sendError { open["sendError"] = sendError }
            values["conversation"] = open
        }
        let failed = sendError != nil || startError != nil || (upload.map { !$0.errors.isEmpty } ?? false)
        return page("campaign", values, status: failed ? .badRequest : .ok, scriptNonce: nonce)
    }

    private func transcriptFragment(_ request: Request, _ context: some RequestContext) async throws -> Response {
        guard let session = try await session(request) else { return Response(status: .unauthorized) }
        guard let (_, conversation) = try await conversation(context, organizationID: session.user.organizationID) else {
            return Response(status: .notFound)
        }
        return page("transcript", ["messages": try await messages(of: conversation)])
    }

    /// Runs a recruiter's action on the conversation, with the session's CSRF token checked, and returns to it.
    private func act(
        _ request: Request, _ context: some RequestContext,
        _ body: (Conversation.ID, Organization.ID, Date) async throws -> Void
    ) async throws -> Response {
        try await act(request, context) { id, organization, now, _ in try await body(id, organization, now) }
    }

    private func act(
        _ request: Request, _ context: some RequestContext,
        _ body: (Conversation.ID, Organization.ID, Date, [String: String]) async throws -> Void
    ) async throws -> Response {
        guard let session = try await session(request) else { return Self.signInRedirect(request) }
        let form = try await Self.form(request)
        guard let sent = form["csrf"], ConstantTime.equal(Array(session.csrfToken.utf8), Array(sent.utf8)) else {
            return Response(status: .forbidden)
        }
        guard let (campaign, conversation) = try await conversation(context, organizationID: session.user.organizationID) else {
            return notFound(session)
        }
        do {
            try await body(conversation.id, session.user.organizationID, clock.now(), form)
        } catch let error as ValidationError {
            return try await campaignPage(session, campaign, status: nil, open: conversation.id, sendError: error.message)
        } catch ConversationRepository.ActionError.finished(let status) {
            return try await campaignPage(
                session, campaign, status: nil, open: conversation.id, sendError: "The conversation is \(status.rawValue); nothing more can be sent.")
        }
        return Self.redirect(to: "/campaign/outbound/\(campaign.id)?conversationId=\(conversation.id)")
    }

    private func campaign(_ context: some RequestContext, organizationID: Organization.ID) async throws -> Campaign? {
        guard let id = context.parameters.get("campaignId").flatMap(Campaign.ID.init(uuidString:)) else { return nil }
        return try await CampaignRepository(database: database).find(id, organizationID: organizationID)
    }

    /// The campaign and conversation a path names, when both are the organization's and belong together.
    private func conversation(_ context: some RequestContext, organizationID: Organization.ID) async throws -> (Campaign, Conversation)? {
        guard let campaign = try await campaign(context, organizationID: organizationID),
            let id = context.parameters.get("conversationId").flatMap(Conversation.ID.init(uuidString:)),
            let conversation = try await conversations.find(id, organizationID: organizationID), conversation.campaignID == campaign.id
        else { return nil }
        return (campaign, conversation)
    }

    /// The most conversations a campaign page lists.
    static let listLimit = 200

    private func messages(of conversation: Conversation) async throws -> [[String: Any]] {
        // Every message, page by page: a long conversation's newest replies are the ones a recruiter waits for.
        var all: [Message] = []
        var next: String?
        repeat {
            guard
                let page = try await conversations.messages(
                    of: conversation.id, organizationID: conversation.organizationID, limit: 500, nextToken: next)
            else { break }
            all += page.items
            next = page.nextToken
        } while next != nil
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = .gmt
        formatter.dateFormat = "d MMM HH:mm 'UTC'"
        return all.map { message in
            let who =
                switch message.role {
                case .agent: "Agent"
                case .candidate: Self.name(of: conversation)
                case .user: "Recruiter"
                case .system: "System"
                }
            var values: [String: Any] = [
                "role": message.role.rawValue, "who": who, "content": message.content, "time": formatter.string(from: message.createdAt),
            ]
            // Named apart from the conversation's `status`: Mustache would fall back to that for a candidate's message.
            if message.role != .candidate { values["delivery"] = message.deliveryStatus.rawValue }
            return values
        }
    }

    private func notFound(_ session: UserRepository.Session) -> Response {
        var values = signedIn(session)
        values["title"] = "Not found"
        return page("campaigns", values.merging(["campaigns": [] as [Any], "hasCampaigns": false]) { $1 }, status: .notFound)
    }

    static func name(of conversation: Conversation) -> String {
        [conversation.firstName, conversation.lastName].compactMap { $0 }.joined(separator: " ")
    }
}
