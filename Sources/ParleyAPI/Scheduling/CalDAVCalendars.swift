package import Foundation
package import Logging
package import ParleyCalDAV
package import ParleyCore
package import ParleyScheduling
package import ParleyStore

/// Participants' connected CalDAV calendars (``CalendarConnection``), found by email address: read for busy
/// times, and written with each booking under the booking's id.
package struct CalDAVCalendars: ParticipantCalendars {
    let connections: CalendarConnectionRepository
    let keyring: SecretKeyring
    let client: CalDAVClient
    let logger: Logger

    package init(database: Database, keyring: SecretKeyring, client: CalDAVClient, logger: Logger) {
        self.connections = CalendarConnectionRepository(database: database)
        self.keyring = keyring
        self.client = client
        self.logger = logger
    }

    package func busyTimes(of participants: [MeetingParticipant], organizationID: Organization.ID, from: Date, to: Date) async -> [BusyInterval] {
        var busy: [BusyInterval] = []
        for (connection, account) in await accounts(of: participants, organizationID: organizationID) {
            do {
                busy += try await client.busyTimes(in: account, from: from, to: to).map { BusyInterval(start: $0.start, end: $0.end) }
            } catch {
                logger.warning(
                    "a participant's calendar could not be read; its busy times are left out",
                    metadata: ["parley.calendarConnection": "\(connection.id)", "parley.error": "\(Self.describe(error))"])
            }
        }
        return busy
    }

    /// Writes `event` (a stored calendar object) to the calendars of `participants` under `name`, or removes it
    /// when `event` is `nil`. Throws the first failure after trying every calendar, so the caller retries.
    package func write(
        _ event: String?, named name: String, to participants: [MeetingParticipant], organizationID: Organization.ID
    ) async throws {
        var failure: (any Error)?
        for (connection, account) in await accounts(of: participants, organizationID: organizationID) {
            do {
                if let event {
                    try await client.putEvent(event, named: name, in: account)
                } else {
                    try await client.deleteEvent(named: name, in: account)
                }
            } catch {
                logger.warning(
                    "a booking could not be written to a participant's calendar; it will be tried again",
                    metadata: ["parley.calendarConnection": "\(connection.id)", "parley.error": "\(Self.describe(error))"])
                failure = failure ?? error
            }
        }
        if let failure { throw failure }
    }

    /// The accounts of the participants who connected a calendar; one whose password cannot be opened is logged and
    /// left out.
    private func accounts(
        of participants: [MeetingParticipant], organizationID: Organization.ID
    ) async -> [(CalendarConnection, CalDAVAccount)] {
        do {
            let found = try await connections.connections(forEmails: participants.map(\.email), organizationID: organizationID)
            guard !found.isEmpty else { return [] }
            let box = try await keyring.box()
            return try found.compactMap { connection, sealed in
                guard let url = URL(string: connection.calendarURL) else { return nil }
                return (connection, CalDAVAccount(calendarURL: url, username: connection.username, password: try box.open(sealed)))
            }
        } catch {
            logger.warning("participants' calendars could not be looked up", metadata: ["parley.error": "\(Self.describe(error))"])
            return []
        }
    }

    /// A description of a CalDAV failure that holds no URL or credentials.
    static func describe(_ error: any Error) -> String {
        switch error {
        case let error as CalDAVError: "\(error)"
        default: String(describing: type(of: error))
        }
    }
}
