import Foundation
import HTTPTypes
import ParleyCalDAV
import ParleyCore
package import ParleyOpenAPI
import ParleyStore

extension APIController {
    package func listCalendarConnections(
        _ input: Operations.ListCalendarConnections.Input
    ) async throws -> Operations.ListCalendarConnections.Output {
        let organizationID = try RequestOrganization.require()
        let connections = try await calendarConnections.list(organizationID: organizationID)
        return .ok(.init(body: .json(.init(data: connections.map(Self.wire)))))
    }

    package func createCalendarConnection(
        _ input: Operations.CreateCalendarConnection.Input
    ) async throws -> Operations.CreateCalendarConnection.Output {
        let organizationID = try RequestOrganization.require()
        guard case .json(let body) = input.body else { throw APIError.badRequest("body", "must be a JSON object") }
        var validator = Validator()
        validator.emailAddress(body.email, "email")
        validator.requiredText(body.username, "username", .name)
        validator.requiredText(body.password, "password", TextLimits(maximum: 1_000))
        let url = URLComponents(string: body.calendarUrl)
        let scheme = url?.scheme?.lowercased()
        let host = url?.host ?? ""
        let secure = scheme == "https" || (scheme == "http" && ChannelConnectionFields.isLoopback(host))
        validator.check(
            body.calendarUrl.count <= TextLimits.url.maximum && !host.isEmpty && url?.user == nil && secure, "calendarUrl",
            "must be an https URL of a CalDAV calendar without credentials in it (http only on loopback)")
        try validator.finish()
        try checkTarget(body.calendarUrl, field: "calendarUrl")
        guard let calDAV, let calendarURL = URL(string: body.calendarUrl) else {
            throw APIError.badRequest("calendarUrl", "calendars cannot be checked on this server")
        }
        if let range = await CalDAVCalendars.reservedRange(of: calendarURL, allowPrivateTargets: allowPrivateChannelTargets) {
            throw APIError.badRequest("calendarUrl", "resolves to a \(range) address")
        }
        let account = CalDAVAccount(calendarURL: calendarURL, username: body.username, password: body.password)
        do {
            try await calDAV.verify(account)
        } catch CalDAVError.unauthorized {
            throw APIError.badRequest("password", "the calendar server refused this username and password")
        } catch CalDAVError.notACalendar {
            throw APIError.badRequest("calendarUrl", "is not a CalDAV calendar collection")
        } catch let error as CalDAVError {
            throw APIError.badRequest("calendarUrl", "the calendar server answered unexpectedly (\(error))")
        } catch {
            throw APIError.badRequest("calendarUrl", "could not be reached")
        }
        let now = clock.now()
        let connection = CalendarConnection(
            id: ids.next(), organizationID: organizationID, email: body.email.lowercased(), calendarURL: body.calendarUrl,
            username: body.username, createdAt: now, updatedAt: now)
        do {
            let created = try await calendarConnections.create(connection, sealedPassword: try await keyring.box().seal(body.password))
            return .created(.init(body: .json(Self.wire(created))))
        } catch CalendarConnectionRepository.CreateError.emailTaken(let existing) {
            throw APIError(.conflict, "email: a calendar is connected for this email already (\(existing)); delete it first")
        }
    }

    package func getCalendarConnection(_ input: Operations.GetCalendarConnection.Input) async throws -> Operations.GetCalendarConnection.Output {
        let organizationID = try RequestOrganization.require()
        guard
            let connection = try await calendarConnections.find(
                try Self.calendarConnectionID(input.path.calendarConnectionId), organizationID: organizationID)
        else { throw APIError.notFound("calendarConnectionId") }
        return .ok(.init(body: .json(Self.wire(connection))))
    }

    package func deleteCalendarConnection(
        _ input: Operations.DeleteCalendarConnection.Input
    ) async throws -> Operations.DeleteCalendarConnection.Output {
        let organizationID = try RequestOrganization.require()
        guard try await calendarConnections.delete(try Self.calendarConnectionID(input.path.calendarConnectionId), organizationID: organizationID)
        else { throw APIError.notFound("calendarConnectionId") }
        return .noContent(.init())
    }

    private static func wire(_ connection: CalendarConnection) -> Components.Schemas.CalendarConnection {
        .init(
            id: connection.id.uuidString, email: connection.email, calendarUrl: connection.calendarURL, username: connection.username,
            createdAt: connection.createdAt, updatedAt: connection.updatedAt)
    }

    private static func calendarConnectionID(_ text: String) throws(APIError) -> CalendarConnection.ID {
        guard let id = CalendarConnection.ID(uuidString: text) else { throw APIError.badRequest("calendarConnectionId", "must be a UUID") }
        return id
    }
}
