import Foundation
import HTTPTypes
import Hummingbird
import Logging
import ParleyCore
import ParleyStore

/// `/settings`: the organization's users (and adding one), API keys (created and shown once, revoked), business
/// hours, webhooks with their latest deliveries, and channel connections. Every change is a form with the
/// session's CSRF token.
extension Dashboard {
    func registerSettings<Context: RequestContext>(on router: Router<Context>) {
        router.get("/settings") { request, _ in
            guard let session = try await session(request) else { return Self.signInRedirect(request) }
            return try await settingsPage(session)
        }
        router.post("/settings/users") { request, _ in try await settingsAction(request) { session, form in try await addUser(session, form) } }
        router.post("/settings/api-keys") { request, _ in try await settingsAction(request) { session, form in try await createKey(session, form) } }
        router.post("/settings/api-keys/revoke") { request, _ in
            try await settingsAction(request) { session, form in
                guard
                    try await APIKeyRepository(database: database).revoke(
                        organizationID: session.user.organizationID, prefix: form["prefix"] ?? "", at: clock.now()) != nil
                else { throw ValidationError(field: "prefix", rule: "no key of the organization has this prefix") }
                return .init(notice: "The key is revoked; it stops working at once.")
            }
        }
        router.post("/settings/business-hours") { request, _ in
            try await settingsAction(request) { session, form in
                let days = BusinessHours.dayNames.map(\.name).filter { form["day.\($0)"] == "on" }
                let hours = try BusinessHours(days: days, start: form["start"] ?? "", end: form["end"] ?? "")
                try await OrganizationRepository(database: database).setBusinessHours(hours, of: session.user.organizationID)
                return .init(notice: "Business hours saved.")
            }
        }
    }

    /// What a settings change leaves on the page: a notice, or a key shown once.
    struct SettingsOutcome {
        var notice: String
        var newKey: String?
    }

    private func addUser(_ session: UserRepository.Session, _ form: [String: String]) async throws -> SettingsOutcome {
        do {
            let user = try await users.create(
                email: form["email"] ?? "", password: form["password"] ?? "", organizationID: session.user.organizationID, ids: ids,
                at: clock.now())
            return .init(notice: "\(user.email) can sign in now.")
        } catch UserRepository.CreateError.emailTaken {
            throw ValidationError(field: "email", rule: "a user with this email exists already")
        } catch is PasswordHash.Busy {
            throw ValidationError(field: "password", rule: "could not be secured right now, with many sign-ins under way; try again in a moment")
        }
    }

    private func createKey(_ session: UserRepository.Session, _ form: [String: String]) async throws -> SettingsOutcome {
        var random = SystemRandomNumberGenerator()
        let days = form["expiresInDays"].flatMap { $0.isEmpty ? nil : $0 }
        guard days == nil || Int(days ?? "") != nil else { throw ValidationError(field: "expiresInDays", rule: "must be a whole number of days") }
        guard
            let created = try await APIKeyRepository(database: database).create(
                organizationID: session.user.organizationID, name: form["name"] ?? "", expiresInDays: days.flatMap { Int($0) }, ids: ids,
                at: clock.now(), random: &random)
        else { throw ValidationError(field: "organization", rule: "no longer exists") }
        return .init(notice: "Copy the key now: it is shown only once.", newKey: created.secret)
    }

    /// Runs a settings change with the CSRF token checked, then shows the page with its outcome or its error.
    private func settingsAction(
        _ request: Request, _ body: (UserRepository.Session, [String: String]) async throws -> SettingsOutcome
    ) async throws -> Response {
        guard let session = try await session(request) else { return Self.signInRedirect(request) }
        let form = try await Self.form(request)
        guard let sent = form["csrf"], ConstantTime.equal(Array(session.csrfToken.utf8), Array(sent.utf8)) else {
            return Response(status: .forbidden)
        }
        do {
            return try await settingsPage(session, outcome: try await body(session, form))
        } catch let error as ValidationError {
            return try await settingsPage(session, error: error.message)
        }
    }

    private func settingsPage(_ session: UserRepository.Session, outcome: SettingsOutcome? = nil, error: String? = nil) async throws -> Response {
        let organizationID = session.user.organizationID
        let now = clock.now()
        let formatter = ISO8601DateFormatter()
        var values = signedIn(session)
        values["title"] = "Settings"
        values["users"] = try await users.list(organizationID: organizationID).map { ["email": $0.email] }
        values["keys"] = try await APIKeyRepository(database: database).list(organizationID: organizationID).map { key -> [String: Any] in
            let status = key.status(at: now)
            return [
                "name": key.name, "masked": key.masked, "prefix": key.prefix, "status": status.rawValue,
                "revocable": status != .revoked && status != .expired, "expires": key.expiresAt.map(formatter.string(from:)) ?? "never",
            ]
        }
        let hours = try await OrganizationRepository(database: database).businessHours(of: organizationID)
        values["days"] = BusinessHours.dayNames.map { ["name": $0.name, "open": hours.weekdays.contains($0.weekday)] }
        values["start"] = hours.start
        values["end"] = hours.end
        let webhooks = WebhookRepository(database: database)
        var hooks: [[String: Any]] = []
        for webhook in try await webhooks.list(organizationID: organizationID) {
            let deliveries = try await webhooks.deliveries(of: webhook.id, limit: 10, nextToken: nil).items.map { delivery -> [String: Any] in
                let last = delivery.attempts.last
                return [
                    "event": delivery.event.rawValue, "status": delivery.status.rawValue, "attempts": delivery.attempts.count,
                    "code": last?.statusCode.map(String.init) ?? "–", "when": formatter.string(from: delivery.createdAt),
                ]
            }
            hooks.append([
                "url": webhook.url, "active": webhook.isActive, "events": webhook.events.map(\.rawValue).joined(separator: ", "),
                "deliveries": deliveries, "hasDeliveries": !deliveries.isEmpty,
            ])
        }
        values["webhooks"] = hooks
        values["channels"] = try await ChannelConnectionRepository(database: database).list(organizationID: organizationID).map {
            ["channel": $0.channel.rawValue, "provider": $0.provider.rawValue, "sender": $0.sender]
        }
        if let outcome {
            values["notice"] = outcome.notice
            if let key = outcome.newKey { values["newKey"] = key }
        }
        if let error { values["settingsError"] = error }
        return page("settings", values, status: error == nil ? .ok : .badRequest)
    }
}
