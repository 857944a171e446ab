import Foundation
import HTTPTypes
import ParleyCore
package import ParleyOpenAPI
import ParleyStore

extension APIController {
    package func listMeetingTemplates(_ input: Operations.ListMeetingTemplates.Input) async throws -> Operations.ListMeetingTemplates.Output {
        let organizationID = try RequestOrganization.require()
        let page = try await meetingTemplates.list(
            organizationID: organizationID, limit: try PageSize.validated(input.query.limit), nextToken: input.query.nextToken
        )
        return .ok(.init(body: .json(.init(data: page.items.map(Components.Schemas.MeetingTemplateSummary.init), nextToken: page.nextToken))))
    }

    package func createMeetingTemplate(_ input: Operations.CreateMeetingTemplate.Input) async throws -> Operations.CreateMeetingTemplate.Output {
        let organizationID = try RequestOrganization.require()
        guard case .json(let body) = input.body else { throw APIError.badRequest("body", "must be a JSON object") }
        let definition = try MeetingTemplate.Definition(body)
        let template = try await meetingTemplates.create(definition, organizationID: organizationID, ids: ids, at: clock.now())
        return .created(.init(body: .json(.init(template))))
    }

    package func getMeetingTemplate(_ input: Operations.GetMeetingTemplate.Input) async throws -> Operations.GetMeetingTemplate.Output {
        let organizationID = try RequestOrganization.require()
        guard let template = try await meetingTemplates.find(try Self.meetingTemplateID(input.path.templateId), organizationID: organizationID)
        else { throw APIError.notFound("templateId") }
        return .ok(.init(body: .json(.init(template))))
    }

    package func replaceMeetingTemplate(
        _ input: Operations.ReplaceMeetingTemplate.Input
    ) async throws -> Operations.ReplaceMeetingTemplate.Output {
        let organizationID = try RequestOrganization.require()
        let id = try Self.meetingTemplateID(input.path.templateId)
        guard case .json(let body) = input.body else { throw APIError.badRequest("body", "must be a JSON object") }
        let definition = try MeetingTemplate.Definition(body)
        guard let template = try await meetingTemplates.replace(id, organizationID: organizationID, with: definition, at: clock.now())
        else { throw APIError.notFound("templateId") }
        return .ok(.init(body: .json(.init(template))))
    }

    package func deleteMeetingTemplate(_ input: Operations.DeleteMeetingTemplate.Input) async throws -> Operations.DeleteMeetingTemplate.Output {
        let organizationID = try RequestOrganization.require()
        do {
            guard
                try await meetingTemplates.delete(try Self.meetingTemplateID(input.path.templateId), organizationID: organizationID, at: clock.now())
            else { throw APIError.notFound("templateId") }
        } catch MeetingTemplateRepository.DeleteError.usedByCampaign(let campaign) {
            throw APIError(.conflict, "templateId: campaign \(campaign) books from this template; archive it or point it elsewhere first")
        } catch MeetingTemplateRepository.DeleteError.futureBooking(let booking) {
            throw APIError(.conflict, "templateId: booking \(booking) made from this template has not started; cancel it first")
        } catch MeetingTemplateRepository.DeleteError.usedByConversation(let conversation) {
            throw APIError(.conflict, "templateId: conversation \(conversation) books from this template; wait until it ends or close it first")
        }
        return .noContent(.init())
    }

    private static func meetingTemplateID(_ text: String) throws(APIError) -> MeetingTemplate.ID {
        guard let id = MeetingTemplate.ID(uuidString: text) else { throw APIError.badRequest("templateId", "must be a UUID") }
        return id
    }
}

extension MeetingTemplate.Definition {
    /// The definition a request gives, with the defaults for what it leaves out, checked.
    init(_ body: Components.Schemas.MeetingTemplateRequest) throws(ValidationError) {
        try self.init(participants: body.value1.meetingParticipants, configuration: body.value2)
    }

    /// The definition of a template with these participants and settings, defaults filled in, checked.
    init(participants: Components.Schemas.MeetingParticipants, configuration body: Components.Schemas.MeetingConfiguration) throws(ValidationError) {
        var openHours: [BusinessHours] = []
        var validator = Validator()
        for (index, window) in body.openHours.enumerated() {
            do {
                openHours.append(
                    try BusinessHours(days: window.days.map(\.rawValue), start: window.start, end: window.end, field: "openHours[\(index)]"))
            } catch {
                for issue in error.issues { validator.fail(issue.field, issue.rule) }
            }
        }
        try validator.finish()
        self.init(
            title: body.title, description: body.description,
            participants: participants.map { MeetingParticipant(name: $0.name, email: $0.email, isOrganizer: $0.isOrganizer ?? false) },
            openHours: openHours, timeZone: body.timezone, durationMinutes: body.duration, videoConferencing: body.videoConferencing,
            videoConferencingProvider: body.videoConferencingProvider?.domain, videoConferencingURL: body.videoConferencingUrl,
            location: body.location, bufferMinutes: body.bufferMinutes ?? MeetingTemplate.Defaults.bufferMinutes,
            reminderMinutes: body.reminderMinutes ?? MeetingTemplate.Defaults.reminderMinutes,
            minimumNoticeMinutes: body.minimumNoticeMinutes ?? MeetingTemplate.Defaults.minimumNoticeMinutes,
            bookingWindowDays: body.bookingWindowDays ?? MeetingTemplate.Defaults.bookingWindowDays
        )
        try check()
    }
}

extension Components.Schemas.MeetingTemplate {
    init(_ template: MeetingTemplate) {
        let definition = template.definition
        self.init(
            id: template.id.uuidString,
            meetingParticipants: definition.participants.map { .init(name: $0.name, email: $0.email, isOrganizer: $0.isOrganizer) },
            title: definition.title, description: definition.description,
            openHours: definition.openHours.map { hours in
                .init(days: hours.dayNamesOpen.compactMap(Components.Schemas.Weekday.init(rawValue:)), start: hours.start, end: hours.end)
            },
            timezone: definition.timeZone, duration: definition.durationMinutes, videoConferencing: definition.videoConferencing,
            videoConferencingProvider: definition.videoConferencingProvider.map(Components.Schemas.VideoConferencingProvider.init),
            videoConferencingUrl: definition.videoConferencingURL, location: definition.location, bufferMinutes: definition.bufferMinutes,
            reminderMinutes: definition.reminderMinutes, minimumNoticeMinutes: definition.minimumNoticeMinutes,
            bookingWindowDays: definition.bookingWindowDays, createdAt: template.createdAt, updatedAt: template.updatedAt
        )
    }
}

extension Components.Schemas.MeetingTemplateSummary {
    init(_ template: MeetingTemplate) {
        self.init(
            id: template.id.uuidString, title: template.definition.title, timezone: template.definition.timeZone,
            duration: template.definition.durationMinutes, participantCount: template.definition.participants.count,
            createdAt: template.createdAt, updatedAt: template.updatedAt
        )
    }
}
