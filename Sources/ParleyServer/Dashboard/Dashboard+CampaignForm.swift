import Foundation
import HTTPTypes
import Hummingbird
import Logging
import ParleyCore
import ParleyEmail
import ParleyStore

/// `/campaigns/new`: the campaign form, checked by the same rules as the API, with errors beside their fields;
/// and starting a conversation from a campaign's page.
extension Dashboard {
    func registerCampaignForm<Context: RequestContext>(on router: Router<Context>) {
        router.get("/campaigns/new") { request, _ in
            guard let session = try await session(request) else { return Self.signInRedirect(request) }
            return formPage(session, CampaignForm(values: Self.newCampaignDefaults, questionRows: 1), issues: [])
        }
        router.post("/campaigns/new") { request, _ in try await submitCampaign(request) }
        router.post("/campaign/outbound/{campaignId}/conversations") { request, context in try await startConversation(request, context) }
        router.post("/campaign/outbound/{campaignId}/upload") { request, context in try await upload(request, context) }
    }

    /// What a new campaign's form starts with.
    private static let newCampaignDefaults = [
        "campaignType": "NEW_CANDIDATE_OUTREACH", "channel": "SMS", "campaignStatus": "LIVE", "closingMethod": "CUSTOM", "agentTone": "FRIENDLY",
    ]

    private func formPage(_ session: UserRepository.Session, _ form: CampaignForm, issues: [ValidationError.Issue]) -> Response {
        let values = signedIn(session).merging(form.rendered(issues: issues)) { $1 }.merging(["title": "New campaign"]) { $1 }
        return page("campaign-form", values, status: issues.isEmpty ? .ok : .badRequest)
    }

    private func submitCampaign(_ request: Request) async throws -> Response {
        guard let session = try await session(request) else { return Self.signInRedirect(request) }
        var values = try await Self.form(request)
        guard let sent = values["csrf"], ConstantTime.equal(Array(session.csrfToken.utf8), Array(sent.utf8)) else {
            return Response(status: .forbidden)
        }
        let rows = min(max(Int(values["questionRows"] ?? "") ?? 1, 0), CampaignSettings.maximumQuestionCount)
        let action = values["action"] ?? "create"
        if action == "add-question" {
            return formPage(session, CampaignForm(values: values, questionRows: min(rows + 1, CampaignSettings.maximumQuestionCount)), issues: [])
        }
        if action.hasPrefix("remove-question-"), let removed = Int(action.dropFirst("remove-question-".count)), (0..<rows).contains(removed) {
            // The rows after the removed one move up by one.
            for row in removed..<(rows - 1) {
                for field in ["content", "questionType", "isMandatory", "idealAnswer", "minimum", "options"] {
                    values["questions[\(row)].\(field)"] = values["questions[\(row + 1)].\(field)"]
                }
            }
            return formPage(session, CampaignForm(values: values, questionRows: rows - 1), issues: [])
        }
        let form = CampaignForm(values: values, questionRows: rows)
        do {
            let campaign = try await CampaignRepository(database: database, modelConfigured: modelConfigured).create(
                try form.campaignFields(), organizationID: session.user.organizationID, ids: ids, at: clock.now())
            logger.info("a campaign was created from the dashboard", metadata: ["parley.campaign": "\(campaign.id)"])
            return Self.redirect(to: "/campaign/outbound/\(campaign.id)")
        } catch let error as ValidationError {
            return formPage(session, form, issues: error.issues)
        }
    }

    private func startConversation(_ request: Request, _ context: some RequestContext) async throws -> Response {
        guard let session = try await session(request) else { return Self.signInRedirect(request) }
        let form = try await Self.form(request)
        guard let sent = form["csrf"], ConstantTime.equal(Array(session.csrfToken.utf8), Array(sent.utf8)) else {
            return Response(status: .forbidden)
        }
        guard let campaignID = context.parameters.get("campaignId").flatMap(Campaign.ID.init(uuidString:)),
            let campaign = try await CampaignRepository(database: database).find(campaignID, organizationID: session.user.organizationID)
        else { return Response(status: .notFound) }
        func value(_ name: String) -> String? {
            form[name].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        let fields = ConversationFields(
            firstName: value("firstName") ?? "", lastName: value("lastName"), phoneNumber: value("phoneNumber"), emailAddress: value("emailAddress"))
        let problem: String
        do {
            let conversation = try await ConversationRepository(database: database).create(
                fields, campaign: .id(campaign.id), organizationID: session.user.organizationID, ids: ids, at: clock.now())
            return Self.redirect(to: "/campaign/outbound/\(campaign.id)?conversationId=\(conversation.id)")
        } catch let error as ValidationError {
            problem = error.message
        } catch ConversationRepository.StartError.campaignNotLive(let status) {
            problem = "The campaign is \(status.rawValue); only LIVE campaigns start conversations."
        } catch ConversationRepository.StartError.duplicate {
            problem = "This contact already has an active conversation in this campaign."
        }
        return try await campaignPage(session, campaign, status: nil, open: nil, startError: problem)
    }
}

extension Dashboard {
    /// Starts a conversation for each candidate of an uploaded CSV file (``CandidateCSV``), in one transaction; a
    /// candidate that breaks a rule is listed with the rule and never stops the others.
    private func upload(_ request: Request, _ context: some RequestContext) async throws -> Response {
        guard let session = try await session(request) else { return Self.signInRedirect(request) }
        let body = Array(try await request.body.collect(upTo: Self.formLimit).readableBytesView)
        guard let fields = try? FormFields(contentType: request.headers[.contentType] ?? "", body: body, includingFiles: true),
            let sent = fields.string("csrf"), ConstantTime.equal(Array(session.csrfToken.utf8), Array(sent.utf8))
        else { return Response(status: .forbidden) }
        guard let campaignID = context.parameters.get("campaignId").flatMap(Campaign.ID.init(uuidString:)),
            let campaign = try await CampaignRepository(database: database).find(campaignID, organizationID: session.user.organizationID)
        else { return Response(status: .notFound) }
        let contacts: [ConversationFields]
        do {
            contacts = try CandidateCSV.contacts(in: String(decoding: fields.bytes("candidates") ?? [], as: UTF8.self))
        } catch {
            return try await campaignPage(session, campaign, status: nil, open: nil, upload: ("Nothing was started.", [error.message]))
        }
        let results: [Result<Conversation, ValidationError>]
        do {
            results = try await ConversationRepository(database: database).createMany(
                contacts, campaign: .id(campaign.id), organizationID: session.user.organizationID, ids: ids, at: clock.now())
        } catch ConversationRepository.StartError.campaignNotLive(let status) {
            return try await campaignPage(
                session, campaign, status: nil, open: nil,
                upload: ("Nothing was started.", ["The campaign is \(status.rawValue); only LIVE campaigns start conversations."]))
        }
        var started = 0
        var errors: [String] = []
        for (index, result) in results.enumerated() {
            switch result {
            case .success: started += 1
            case .failure(let error): errors.append("Candidate \(index + 1): \(error.message)")
            }
        }
        logger.info(
            "candidates were uploaded",
            metadata: ["parley.campaign": "\(campaign.id)", "parley.started": "\(started)", "parley.refused": "\(errors.count)"])
        let summary = "Started \(started) conversation\(started == 1 ? "" : "s")" + (errors.isEmpty ? "." : "; \(errors.count) refused:")
        return try await campaignPage(session, campaign, status: nil, open: nil, upload: (summary, errors))
    }
}
