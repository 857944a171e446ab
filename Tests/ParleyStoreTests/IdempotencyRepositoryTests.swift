import Foundation
import ParleyCore
import ParleyStore
import ParleyTesting
import Testing

@Suite("Idempotency keys")
struct IdempotencyRepositoryTests {
    private let now = Date(millisecondsSince1970: 1_800_000_000_000)

    @Test("a claim holds its key until answered or its lease runs out; a 5xx release frees it", arguments: TestDatabase.available)
    func claimLifecycle(_ kind: TestDatabase) async throws {
        try await kind.withFreshDatabase { database in
            try await Migrations.run(on: database, logger: .quiet)
            var random = SystemRandomNumberGenerator()
            let org = try await OrganizationRepository(database: database).create(name: "Acme", ids: .random, at: now, random: &random)
                .organization.id
            let keys = IdempotencyRepository(database: database)
            let hash = IdempotencyRepository.fingerprint(operation: "createCampaign", path: "/v1/campaigns", body: Array("{}".utf8))
            #expect(hash != IdempotencyRepository.fingerprint(operation: "createCampaign", path: "/v1/campaigns", body: Array("{ }".utf8)))

            #expect(try await keys.claim(organizationID: org, key: "k", requestHash: hash, at: now) == .claimed)
            #expect(try await keys.claim(organizationID: org, key: "k", requestHash: hash, at: now.addingTimeInterval(60)) == .inProgress)
            #expect(try await keys.claim(organizationID: org, key: "k", requestHash: "other", at: now.addingTimeInterval(60)) == .mismatch)
            // A server that crashed mid-request never answers: after the lease, a retry takes the key over.
            let later = now.addingTimeInterval(IdempotencyRepository.claimLease + 1)
            #expect(try await keys.claim(organizationID: org, key: "k", requestHash: hash, at: later) == .claimed)

            let answer = IdempotencyRepository.StoredResponse(status: 201, contentType: "application/json", body: #"{"id":"1"}"#)
            try await keys.complete(organizationID: org, key: "k", response: answer)
            #expect(try await keys.claim(organizationID: org, key: "k", requestHash: hash, at: later.addingTimeInterval(3600)) == .replay(answer))
            try await keys.release(organizationID: org, key: "k")
            #expect(try await keys.claim(organizationID: org, key: "k", requestHash: hash, at: later) == .replay(answer), "answered keys stay")

            #expect(try await keys.claim(organizationID: org, key: "failed", requestHash: hash, at: now) == .claimed)
            try await keys.release(organizationID: org, key: "failed")
            #expect(try await keys.claim(organizationID: org, key: "failed", requestHash: hash, at: now) == .claimed)

            let expired = later.addingTimeInterval(IdempotencyRepository.retention)
            #expect(try await keys.purgeExpired(at: expired) == 2)
            #expect(try await keys.claim(organizationID: org, key: "k", requestHash: "other", at: expired) == .claimed)
        }
    }
}
