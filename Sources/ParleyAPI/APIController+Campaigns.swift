import Foundation
import ParleyAgent
import ParleyCore
package import ParleyOpenAPI
import ParleyStore

extension APIController {
    package func listCampaigns(_ input: Operations.ListCampaigns.Input) async throws -> Operations.ListCampaigns.Output {
        let organizationID = try RequestOrganization.require()
        let query = input.query
        let filter = CampaignFilter(
            status: query.campaignStatus.map(\.domain),
            type: query.campaignType.map(\.domain),
            channel: query.channel.map(\.domain)
        )
        let page = try await campaigns.list(
            organizationID: organizationID,
            filter: filter,
            limit: try PageSize.validated(query.limit),
            nextToken: query.nextToken
        )
        return .ok(
            .init(body: .json(.init(data: page.items.map(Components.Schemas.Campaign.init), nextToken: page.nextToken)))
        )
    }

    package func createCampaign(_ input: Operations.CreateCampaign.Input) async throws -> Operations.CreateCampaign.Output {
        let organizationID = try RequestOrganization.require()
        guard case .json(let body) = input.body else { throw APIError.badRequest("body", "must be JSON") }
        let fields = try CampaignFields(body.value1, type: body.value2.campaignType, channel: body.value2.channel, questions: body.value2.questions)
        let campaign = try await campaigns.create(fields, organizationID: organizationID, ids: ids, at: clock.now())
        return .created(.init(body: .json(.init(campaign))))
    }

    package func getCampaign(_ input: Operations.GetCampaign.Input) async throws -> Operations.GetCampaign.Output {
        let organizationID = try RequestOrganization.require()
        let id = try Self.campaignID(input.path.campaignId)
        guard let campaign = try await campaigns.find(id, organizationID: organizationID) else { throw APIError.notFound("campaignId") }
        return .ok(.init(body: .json(.init(campaign))))
    }

    package func updateCampaign(_ input: Operations.UpdateCampaign.Input) async throws -> Operations.UpdateCampaign.Output {
        let organizationID = try RequestOrganization.require()
        let id = try Self.campaignID(input.path.campaignId)
        guard case .json(let body) = input.body else { throw APIError.badRequest("body", "must be JSON") }
        let changes = try CampaignFields(body.value1, type: body.value2.campaignType, channel: body.value2.channel, questions: body.value2.questions)
        guard let campaign = try await campaigns.update(id, organizationID: organizationID, changes: changes, ids: ids, at: clock.now()) else {
            throw APIError.notFound("campaignId")
        }
        return .ok(.init(body: .json(.init(campaign))))
    }

    package func stopCampaign(_ input: Operations.StopCampaign.Input) async throws -> Operations.StopCampaign.Output {
        let organizationID = try RequestOrganization.require()
        let id = try Self.campaignID(input.path.campaignId)
        var cancellationMessage: String?
        if case .json(let body) = input.body { cancellationMessage = body.cancellationMessage }
        guard
            let campaign = try await campaigns.stop(
                id, organizationID: organizationID, cancellationMessage: cancellationMessage, ids: ids, at: clock.now())
        else { throw APIError.notFound("campaignId") }
        return .ok(.init(body: .json(.init(campaign))))
    }

    private static func campaignID(_ text: String) throws(APIError) -> Campaign.ID {
        guard let id = Campaign.ID(uuidString: text) else { throw APIError.badRequest("campaignId", "must be a UUID") }
        return id
    }
}

extension APIController {
    package func generateQuestions(_ input: Operations.GenerateQuestions.Input) async throws -> Operations.GenerateQuestions.Output {
        _ = try RequestOrganization.require()
        guard case .json(let body) = input.body else { throw APIError.badRequest("body", "must be a JSON object") }
        var validator = Validator()
        validator.requiredText(body.jobDescription, "jobDescription", .description)
        let range = 1...QuestionGenerator.maximumCount
        let limit = body.maxQuestions ?? QuestionGenerator.defaultCount
        validator.check(range.contains(limit), "maxQuestions", "must be between \(range.lowerBound) and \(range.upperBound)")
        try validator.finish()
        let questions = await questionDrafter.questions(for: body.jobDescription, limit: limit)
        return .ok(.init(body: .json(.init(questions: questions.map(Components.Schemas.Question.init)))))
    }
}
