import Foundation
import ParleyCore
import ParleyStore
import ParleyTesting
import SQLKit
import Testing

/// One conformance suite, run on a fresh SQLite file and (when configured) a fresh PostgreSQL schema.
@Suite("Store")
struct StoreTests {
    private let now = Date(millisecondsSince1970: 1_800_000_000_000)

    private func draft(_ title: String = "Barista", type: CampaignType = .newCandidateOutreach) -> CampaignFields {
        var draft = CampaignFields(type: type, channel: .sms, title: title, description: "Make great coffee.")
        draft.closingMethod = .custom
        draft.customMessage = "We'll call you."
        draft.closingMessage = "Thanks!"
        draft.rejectionMessage = "Sorry."
        draft.questions = [Question(content: "Can you work weekends?", isMandatory: true)]
        return draft
    }

    private func provision(_ database: Database, name: String = "Acme") async throws -> OrganizationRepository.Provisioned {
        var random = SystemRandomNumberGenerator()
        return try await OrganizationRepository(database: database).create(name: name, ids: .random, at: now, random: &random)
    }

    @Test("migrations apply once and are a no-op the second time", arguments: TestDatabase.available)
    func migrationsAreIdempotent(_ kind: TestDatabase) async throws {
        try await kind.withFreshDatabase { database in
            try await Migrations.run(on: database, logger: .quiet)
            let versions = try await database.read { sql in
                try await sql.raw("SELECT version FROM parley_migrations").all().map { try $0.decode(column: "version", as: Int.self) }
            }
            #expect(versions == Array(1...versions.count))
            #expect(versions.count >= 2)
        }
    }

    @Test("a new organization starts with one key, the default agent and twelve opening templates", arguments: TestDatabase.available)
    func provisioning(_ kind: TestDatabase) async throws {
        try await kind.withFreshDatabase { database in
            let created = try await provision(database)
            #expect(created.apiKey.hasPrefix("prly_"))
            #expect(created.apiKey.count >= 5 + 9 + 43)
            let keys = try await APIKeyRepository(database: database).list(organizationID: created.organization.id)
            #expect(keys.map(\.name) == ["default"])
            let agents = try await AgentRepository(database: database).list(organizationID: created.organization.id)
            #expect(agents.map(\.name) == ["Alex"])
            let templates = try await MessageTemplateRepository(database: database).list(organizationID: created.organization.id)
            #expect(templates.count == 12)
            #expect(try await OrganizationRepository(database: database).find(created.organization.id) == created.organization)
        }
    }

    @Test("only a hash of a key is stored, never the key", arguments: TestDatabase.available)
    func keyIsHashed(_ kind: TestDatabase) async throws {
        try await kind.withFreshDatabase { database in
            let created = try await provision(database)
            let stored = try await database.read { sql in
                try await sql.raw("SELECT key_hash, prefix FROM api_keys").first()
            }
            let hash = try #require(try stored?.decode(column: "key_hash", as: String.self))
            #expect(hash == APIKeyMaterial.hash(created.apiKey))
            #expect(!hash.contains(created.apiKey))
        }
    }

    @Test("a key authenticates only its own organization, and not once expired or revoked", arguments: TestDatabase.available)
    func authentication(_ kind: TestDatabase) async throws {
        try await kind.withFreshDatabase { database in
            let keys = APIKeyRepository(database: database)
            let acme = try await provision(database, name: "Acme")
            let globex = try await provision(database, name: "Globex")
            #expect(try await keys.authenticate(presented: acme.apiKey, organizationID: acme.organization.id, at: now))
            #expect(!(try await keys.authenticate(presented: acme.apiKey, organizationID: globex.organization.id, at: now)))
            #expect(!(try await keys.authenticate(presented: acme.apiKey + "x", organizationID: acme.organization.id, at: now)))
            #expect(
                !(try await keys.authenticate(
                    presented: "prly_00000000_" + String(repeating: "a", count: 43), organizationID: acme.organization.id, at: now)))

            var random = SystemRandomNumberGenerator()
            let expiring = try #require(
                try await keys.create(organizationID: acme.organization.id, name: "ci", expiresInDays: 1, ids: .random, at: now, random: &random)
            )
            #expect(try await keys.authenticate(presented: expiring.secret, organizationID: acme.organization.id, at: now))
            #expect(
                !(try await keys.authenticate(presented: expiring.secret, organizationID: acme.organization.id, at: now.addingTimeInterval(86_401))))

            let revoked = try #require(try await keys.revoke(organizationID: acme.organization.id, prefix: expiring.key.prefix, at: now))
            #expect(revoked.revokedAt == now)
            #expect(!(try await keys.authenticate(presented: expiring.secret, organizationID: acme.organization.id, at: now)))
            #expect(try await keys.revoke(organizationID: globex.organization.id, prefix: acme.apiKey.prefixPart, at: now) == nil)
            #expect(
                try await keys.create(
                    organizationID: IDGenerator.random.next(), name: "x", expiresInDays: nil, ids: .random, at: now, random: &random) == nil)
        }
    }

    @Test(
        "a key revoked through this process is refused at once; revoked by another, within the recent keys' lifetime",
        arguments: TestDatabase.available)
    func revocationReachesRecentKeys(_ kind: TestDatabase) async throws {
        try await kind.withFreshLocation { location in
            try await location.withDatabase { server in
                try await Migrations.run(on: server, logger: .quiet)
                let keys = APIKeyRepository(database: server)
                let acme = try await provision(server)
                var random = SystemRandomNumberGenerator()
                let id = acme.organization.id
                let local = try #require(
                    try await keys.create(organizationID: id, name: "local", expiresInDays: nil, ids: .random, at: now, random: &random))
                let remote = try #require(
                    try await keys.create(organizationID: id, name: "remote", expiresInDays: nil, ids: .random, at: now, random: &random))
                #expect(try await keys.authenticate(presented: local.secret, organizationID: id, at: now))
                #expect(try await keys.authenticate(presented: remote.secret, organizationID: id, at: now))

                _ = try await keys.revoke(organizationID: id, prefix: local.key.prefix, at: now)
                #expect(!(try await keys.authenticate(presented: local.secret, organizationID: id, at: now)))

                // Another process (an admin command) on the same database revokes the other key.
                try await location.withDatabase { admin in
                    _ = try await APIKeyRepository(database: admin).revoke(organizationID: id, prefix: remote.key.prefix, at: now)
                }
                let withinLifetime = now.addingTimeInterval(RecentAPIKeys.lifetime - 1)
                #expect(try await keys.authenticate(presented: remote.secret, organizationID: id, at: withinLifetime), "still the key read at `now`")
                #expect(
                    !(try await keys.authenticate(presented: remote.secret, organizationID: IDGenerator.random.next(), at: withinLifetime)),
                    "and never for another organization")
                let afterLifetime = now.addingTimeInterval(RecentAPIKeys.lifetime)
                #expect(!(try await keys.authenticate(presented: remote.secret, organizationID: id, at: afterLifetime)), "read again, revoked")
            }
        }
    }

    @Test("a campaign round-trips every field, and its agent is found or created by name and tone", arguments: TestDatabase.available)
    func campaignRoundTrip(_ kind: TestDatabase) async throws {
        try await kind.withFreshDatabase { database in
            let org = try await provision(database).organization
            let campaigns = CampaignRepository(database: database)
            var full = draft()
            full.company = "Acme Coffee"
            full.location = "Berlin"
            full.additionalContext = "Be brief and warm."
            full.conversationTimeoutHours = 72
            full.emailChannelFallbackEnabled = true
            full.customRequest = "Ask about latte art."
            full.customTemplatedMessage = "Hi {{CANDIDATE_FIRST_NAME}}! Reply STOP to opt out."
            full.agentName = "Sam"
            full.agentTone = .professional
            full.status = .draft
            let created = try await campaigns.create(full, organizationID: org.id, ids: .random, at: now)
            let found = try #require(try await campaigns.find(created.id, organizationID: org.id))
            #expect(found == created)
            #expect(found.settings.agentName == "Sam")
            #expect(found.settings.emailChannelFallbackEnabled == true)
            let agents = try await AgentRepository(database: database).list(organizationID: org.id)
            #expect(Set(agents.map(\.name)) == ["Alex", "Sam"])

            _ = try await campaigns.create(draft("Second"), organizationID: org.id, ids: .random, at: now)
            #expect(try await AgentRepository(database: database).list(organizationID: org.id).count == 2, "Alex/FRIENDLY is reused")
        }
    }

    @Test("every campaign query is scoped to its organization", arguments: TestDatabase.available)
    func tenantScoping(_ kind: TestDatabase) async throws {
        try await kind.withFreshDatabase { database in
            let acme = try await provision(database, name: "Acme").organization
            let globex = try await provision(database, name: "Globex").organization
            let campaigns = CampaignRepository(database: database)
            let campaign = try await campaigns.create(draft(), organizationID: acme.id, ids: .random, at: now)
            #expect(try await campaigns.find(campaign.id, organizationID: globex.id) == nil)
            var changes = CampaignFields()
            changes.title = "Hijacked"
            #expect(try await campaigns.update(campaign.id, organizationID: globex.id, changes: changes, ids: .random, at: now) == nil)
            #expect(try await campaigns.stop(campaign.id, organizationID: globex.id, cancellationMessage: nil, ids: .random, at: now) == nil)
            #expect(try await campaigns.list(organizationID: globex.id, filter: .init(), limit: 20, nextToken: nil).items.isEmpty)
            #expect(try await campaigns.find(campaign.id, organizationID: acme.id)?.settings.title == "Barista")
        }
    }

    @Test("a refused update writes nothing", arguments: TestDatabase.available)
    func refusedUpdateWritesNothing(_ kind: TestDatabase) async throws {
        try await kind.withFreshDatabase { database in
            let org = try await provision(database).organization
            let campaigns = CampaignRepository(database: database)
            let campaign = try await campaigns.create(draft(), organizationID: org.id, ids: .random, at: now)
            var changes = CampaignFields()
            changes.title = "Renamed"
            changes.agentName = "Nova"
            changes.closingMethod = .phoneNumber
            await #expect(throws: ValidationError.self) {
                try await campaigns.update(campaign.id, organizationID: org.id, changes: changes, ids: .random, at: now)
            }
            #expect(try await campaigns.find(campaign.id, organizationID: org.id) == campaign)
            #expect(try await AgentRepository(database: database).list(organizationID: org.id).map(\.name) == ["Alex"])
        }
    }

    @Test("pages are newest first, filtered, and stay correct while campaigns are added", arguments: TestDatabase.available)
    func paging(_ kind: TestDatabase) async throws {
        try await kind.withFreshDatabase { database in
            let org = try await provision(database).organization
            let campaigns = CampaignRepository(database: database)
            var titles: [String] = []
            for index in 0..<7 {
                // Two campaigns share each millisecond, so ties are broken by id.
                let created = try await campaigns.create(
                    draft("C\(index)"), organizationID: org.id, ids: .random, at: now.addingTimeInterval(Double(index / 2)))
                titles.append(created.settings.title)
            }
            let first = try await campaigns.list(organizationID: org.id, filter: .init(), limit: 3, nextToken: nil)
            #expect(first.items.count == 3)
            let token = try #require(first.nextToken)
            _ = try await campaigns.create(draft("Newest"), organizationID: org.id, ids: .random, at: now.addingTimeInterval(100))
            let second = try await campaigns.list(organizationID: org.id, filter: .init(), limit: 3, nextToken: token)
            let secondToken = try #require(second.nextToken)
            let third = try await campaigns.list(organizationID: org.id, filter: .init(), limit: 3, nextToken: secondToken)
            #expect(third.nextToken == nil)
            let seen = (first.items + second.items + third.items).map(\.settings.title)
            #expect(seen.count == 7)
            #expect(Set(seen) == Set(titles), "no campaign skipped or repeated, the newer one not mixed in")
            let createdTimes = (first.items + second.items + third.items).map(\.createdAt)
            #expect(createdTimes == createdTimes.sorted(by: >))

            let drafts = try await campaigns.list(organizationID: org.id, filter: .init(status: .draft), limit: 20, nextToken: nil)
            #expect(drafts.items.isEmpty)
            await #expect(throws: ValidationError(field: "nextToken", rule: "is not a page token issued by this server")) {
                try await campaigns.list(organizationID: org.id, filter: .init(), limit: 3, nextToken: "garbage")
            }
        }
    }

    @Test("stopping archives once; stopping again changes nothing", arguments: TestDatabase.available)
    func stop(_ kind: TestDatabase) async throws {
        try await kind.withFreshDatabase { database in
            let org = try await provision(database).organization
            let campaigns = CampaignRepository(database: database)
            let campaign = try await campaigns.create(draft(), organizationID: org.id, ids: .random, at: now)
            let stopped = try #require(
                try await campaigns.stop(
                    campaign.id, organizationID: org.id, cancellationMessage: "Role filled", ids: .random, at: now.addingTimeInterval(5)))
            #expect(stopped.settings.status == .archived)
            let again = try #require(
                try await campaigns.stop(campaign.id, organizationID: org.id, cancellationMessage: nil, ids: .random, at: now.addingTimeInterval(10)))
            #expect(again == stopped)
        }
    }

    @Test("concurrent updates of one campaign never lose a change", arguments: TestDatabase.available)
    func concurrentUpdates(_ kind: TestDatabase) async throws {
        try await kind.withFreshDatabase { database in
            let org = try await provision(database).organization
            let campaigns = CampaignRepository(database: database)
            let campaign = try await campaigns.create(draft(), organizationID: org.id, ids: .random, at: now)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    var changes = CampaignFields()
                    changes.company = "Acme Coffee"
                    _ = try await campaigns.update(campaign.id, organizationID: org.id, changes: changes, ids: .random, at: now)
                }
                group.addTask {
                    var changes = CampaignFields()
                    changes.location = "Berlin"
                    _ = try await campaigns.update(campaign.id, organizationID: org.id, changes: changes, ids: .random, at: now)
                }
                try await group.waitForAll()
            }
            let found = try #require(try await campaigns.find(campaign.id, organizationID: org.id))
            #expect(found.settings.company == "Acme Coffee")
            #expect(found.settings.location == "Berlin")
        }
    }
}

extension String {
    /// The readable prefix of a Parley key (`prly_1a2b3c4d`).
    fileprivate var prefixPart: String { APIKeyMaterial.prefix(of: self) ?? self }
}

@Suite("Transactions")
struct TransactionTests {
    @Test("a transaction cancelled midway rolls back and leaves the database usable", arguments: TestDatabase.available)
    func cancelledTransaction(_ kind: TestDatabase) async throws {
        try await kind.withFreshDatabase { database in
            let (started, signal) = AsyncStream<Void>.makeStream()
            let task = Task {
                try await database.transaction { sql in
                    try await sql.raw("INSERT INTO organizations (id, name, created_at) VALUES ('00000000-0000-0000-0000-000000000001', 'Ghost', 0)")
                        .run()
                    signal.yield()
                    try await Task.sleep(for: .seconds(600))
                }
            }
            for await _ in started { break }
            task.cancel()
            await #expect(throws: CancellationError.self) { try await task.value }

            #expect(try await OrganizationRepository(database: database).isEmpty(), "the insert was rolled back")
            var random = SystemRandomNumberGenerator()
            let created = try await OrganizationRepository(database: database).create(name: "Acme", ids: .random, at: .now, random: &random)
            #expect(try await OrganizationRepository(database: database).find(created.organization.id) != nil)
        }
    }
}

extension StoreTests {
    @Test("saving writes NULL for every field cleared, on conversations and campaigns", arguments: TestDatabase.available)
    func clearedFieldsAreSaved(_ kind: TestDatabase) async throws {
        try await kind.withFreshDatabase { database in
            let org = try await provision(database).organization
            var custom = draft()
            custom.customTemplatedMessage = "Hi {{CANDIDATE_FIRST_NAME}}! Reply STOP to opt out."
            let campaigns = CampaignRepository(database: database)
            let campaign = try await campaigns.create(custom, organizationID: org.id, ids: .random, at: now)
            // Choosing a template replaces the custom opening, which must then be gone, not kept from before.
            let templates = try await MessageTemplateRepository(database: database).list(organizationID: org.id)
            let fitting = templates.filter { (template: MessageTemplate) -> Bool in
                template.channel == .sms && template.campaignType == .newCandidateOutreach && template.kind == .openingMessage
            }
            let template = try #require(fitting.first)
            var change = CampaignFields()
            change.openingMessageTemplateID = template.id
            _ = try await campaigns.update(campaign.id, organizationID: org.id, changes: change, ids: .random, at: now)
            let updated = try #require(try await campaigns.find(campaign.id, organizationID: org.id))
            #expect(updated.settings.customTemplatedMessage == nil)

            let conversations = ConversationRepository(database: database)
            let created = try await conversations.create(
                ConversationFields(firstName: "Ada", phoneNumber: "+14155551234"), campaign: .id(campaign.id), organizationID: org.id, ids: .random,
                at: now)
            var flagged = created
            flagged.needsReview = true
            flagged.reviewReason = "unclear"
            flagged.awaitingReplySince = now
            flagged.offeredSlots = [DateInterval(start: now, duration: 1_800)]
            try await database.transaction { sql in try await ConversationRepository.save(flagged, on: sql) }
            #expect(try await conversations.find(created.id, organizationID: org.id) == flagged)
            try await database.transaction { sql in try await ConversationRepository.save(created, on: sql) }
            #expect(try await conversations.find(created.id, organizationID: org.id) == created)
        }
    }
}
