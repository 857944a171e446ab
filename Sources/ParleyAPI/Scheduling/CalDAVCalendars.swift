package import Foundation
package import Logging
package import ParleyCalDAV
package import ParleyCore
package import ParleyScheduling
package import ParleyStore
import ParleyWebhooks

/// Participants' connected CalDAV calendars (``CalendarConnection``), found by email address: read for busy
/// times, and written with each booking under the booking's id.
package struct CalDAVCalendars: ParticipantCalendars {
    let connections: CalendarConnectionRepository
    let keyring: SecretKeyring
    let client: CalDAVClient
    /// Lets calendars live on loopback and private addresses (`PARLEY_CHANNELS_ALLOW_PRIVATE_TARGETS`).
    let allowPrivateTargets: Bool
    let logger: Logger

    package init(database: Database, keyring: SecretKeyring, client: CalDAVClient, allowPrivateTargets: Bool, logger: Logger) {
        self.connections = CalendarConnectionRepository(database: database)
        self.keyring = keyring
        self.client = client
        self.allowPrivateTargets = allowPrivateTargets
        self.logger = logger
    }

    /// The reserved range `url`'s host resolves into (loopback, private, link-local…), or `nil` when every address
    /// it resolves to is public or private targets are allowed. Checked before every request, since a name can change
    /// what it resolves to.
    package static func reservedRange(of url: URL, allowPrivateTargets: Bool) async -> String? {
        guard !allowPrivateTargets, let host = url.host() else { return nil }
        let addresses = await Task.detached { AddressPolicy.resolve(host) }.value
        return addresses.lazy.compactMap(AddressPolicy.reservedRange(of:)).first
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
            var accounts: [(CalendarConnection, CalDAVAccount)] = []
            for (connection, sealed) in found {
                guard let url = URL(string: connection.calendarURL) else { continue }
                if let range = await Self.reservedRange(of: url, allowPrivateTargets: allowPrivateTargets) {
                    logger.warning(
                        "a participant's calendar is left out: its host resolves to a reserved address",
                        metadata: ["parley.calendarConnection": "\(connection.id)", "parley.range": "\(range)"])
                    continue
                }
                accounts.append((connection, CalDAVAccount(calendarURL: url, username: connection.username, password: try box.open(sealed))))
            }
            return accounts
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
