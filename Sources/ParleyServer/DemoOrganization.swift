import Foundation
import ParleyCore
import ParleyStore

/// Gives a fresh installation something to try: on an empty database, creates a demo organization and shows
/// its API key once, on standard output (never in logs), with a ready-to-paste curl line.
enum DemoOrganization {
    static func createIfEmpty(
        organizations: OrganizationRepository,
        baseURL: String,
        ids: IDGenerator,
        clock: WallClock,
        print write: (String) -> Void
    ) async throws {
        guard try await organizations.isEmpty() else { return }
        var random = SystemRandomNumberGenerator()
        let demo = try await organizations.create(name: "Demo organization", ids: ids, at: clock.now(), random: &random)
        write(
            """

            Parley created a demo organization on this empty database. Its API key is shown only this once:

              organization id  \(demo.organization.id)
              API key          \(demo.apiKey)

            Try it:

              curl -s \(baseURL)/v1/campaigns -H "x-api-key: \(demo.apiKey)" -H "x-organization-id: \(demo.organization.id)"

            """
        )
    }
}
