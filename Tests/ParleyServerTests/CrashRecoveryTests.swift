import Foundation
import ParleyStore
import ParleyTesting
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Kills the real `parley serve` process with SIGKILL at arbitrary moments while conversations are in flight,
/// restarts it on the same database, and checks that no message was lost or sent twice, and that every webhook
/// event still arrives.
@Suite("Crash recovery")
struct CrashRecoveryTests {
    /// A small API client; errors from a server killed mid-request come back as `nil`.
    private struct Client {
        let port: Int
        let key: String
        let organization: String

        func send(_ method: String, _ path: String, _ body: String? = nil) async -> (Int, [String: Any])? {
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
            request.httpMethod = method
            request.setValue(key, forHTTPHeaderField: "x-api-key")
            request.setValue(organization, forHTTPHeaderField: "x-organization-id")
            if let body {
                request.httpBody = Data(body.utf8)
                request.setValue("application/json", forHTTPHeaderField: "content-type")
            }
            guard let (data, response) = try? await URLSession.shared.data(for: request) else { return nil }
            let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
            return ((response as? HTTPURLResponse)?.statusCode ?? 0, json)
        }
    }

    /// A killed worker's jobs are taken over when its lease runs out; a short lease keeps the tests quick.
    static let environment = ["PARLEY_JOBS_LEASE_SECONDS": "1", "PARLEY_WEBHOOKS_ALLOW_PRIVATE_TARGETS": "true", "PARLEY_RATE_LIMIT_PER_KEY": "0"]

    /// Starts `parley serve` on `database` with a webhook to `receiver` for started and completed conversations, and
    /// a live SMS campaign asking `questions`; returns the server, a client of its demo organization and the campaign.
    private static func launch(database: String, receiver: WebhookReceiver, questions: String) async throws -> (ServeProcess, Client, String) {
        let server = try await ServeProcess.start(database: database, environment: Self.environment)
        let demo = server.output()
        let key = String(try #require(demo.firstMatch(of: /API key\s+(prly_\S+)/)?.1))
        let organization = String(try #require(demo.firstMatch(of: /organization id\s+(\S+)/)?.1))
        let client = Client(port: server.port, key: key, organization: organization)
        let webhook = await client.send(
            "POST", "/v1/webhooks", #"{"url":"\#(receiver.baseURL)/ok","events":["CONVERSATION_STARTED","CONVERSATION_COMPLETED"]}"#)
        try await receiver.expect(secret: try #require(webhook?.1["secret"] as? String), on: "/ok")
        let campaign = try #require(
            await client.send(
                "POST", "/v1/campaigns",
                #"{"campaignType":"NEW_CANDIDATE_OUTREACH","channel":"SMS","campaignTitle":"Barista","campaignDescription":"Coffee.","closingMethod":"CUSTOM","customMessage":"We will call you.","closingMessage":"Thanks!","rejectionMessage":"Sorry.","questions":\#(questions)}"#
            )?.1["id"] as? String)
        return (server, client, campaign)
    }

    @Test(
        "SIGKILL at any moment and a restart lose no message, send none twice, and lose no webhook event", arguments: TestDatabase.available)
    func killAndRestart(_ kind: TestDatabase) async throws {
        try await WebhookReceiver.run { receiver in
            try await kind.withFreshLocation { location in try await play(database: location.commandLineURL, receiver: receiver) }
        }
    }

    private func play(database: String, receiver: WebhookReceiver) async throws {
        var (server, client, campaign) = try await Self.launch(
            database: database, receiver: receiver, questions: #"[{"content":"Weekends?"},{"content":"Mornings?"}]"#)
        let (key, organization) = (client.key, client.organization)
        let phones = (0..<6).map { "+1415555\(String(format: "%04d", 1000 + $0))" }
        var conversations: [String] = []
        for phone in phones {
            let created = await client.send(
                "POST", "/v1/conversations", #"{"campaignId":"\#(campaign)","firstName":"Ada","phoneNumber":"\#(phone)"}"#)
            conversations.append(try #require(created?.1["id"] as? String))
        }

        // Play the candidates while killing the server at varied moments.
        for round in 0..<8 {
            for phone in phones {
                _ = await client.send("POST", "/v1/sandbox/inbound", #"{"channel":"SMS","from":"\#(phone)","content":"yes"}"#)
            }
            try await Task.sleep(for: .milliseconds(Double(round % 4) * 15))
            await server.kill()
            server = try await ServeProcess.start(database: database, environment: Self.environment)
            client = Client(port: server.port, key: key, organization: organization)
        }

        // Let the restarted server finish: keep answering until every conversation has passed.
        // Generous: on a loaded CI machine a restart alone can take seconds.
        let deadline = ContinuousClock.now + .seconds(60)
        var statuses: [String] = []
        while ContinuousClock.now < deadline {
            statuses = []
            for (conversation, phone) in zip(conversations, phones) {
                let status = await client.send("GET", "/v1/conversations/\(conversation)")?.1["status"] as? String ?? "?"
                statuses.append(status)
                if status == "ONGOING" {
                    _ = await client.send("POST", "/v1/sandbox/inbound", #"{"channel":"SMS","from":"\#(phone)","content":"yes"}"#)
                }
            }
            if statuses.allSatisfy({ $0 == "COMPLETED_SCREENING_PASSED" }) { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(statuses.allSatisfy { $0 == "COMPLETED_SCREENING_PASSED" }, "\(statuses)")

        for conversation in conversations {
            // The closing message may still wait for a job a killed worker held; it is delivered once the lease ends.
            var agent: [[String: Any]] = []
            while ContinuousClock.now < deadline {
                let messages = await client.send("GET", "/v1/conversations/\(conversation)/messages?limit=100")?.1["data"] as? [[String: Any]] ?? []
                agent = messages.filter { $0["role"] as? String == "AGENT" }
                if agent.allSatisfy({ $0["deliveryStatus"] as? String == "DELIVERED" }) { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(agent.compactMap { $0["content"] as? String }.dropFirst() == ["Weekends?", "Mornings?", "Thanks!\n\nWe will call you."])
            let raw = await client.send("GET", "/v1/conversations/\(conversation)/messages?limit=100")
            let summary = (raw?.1["data"] as? [[String: Any]] ?? []).map {
                "\($0["role"] ?? "") \($0["deliveryStatus"] ?? "") \($0["content"] ?? "")"
            }
            #expect(agent.count == 4, "each message exactly once \(summary)")
            #expect(agent.allSatisfy { $0["deliveryStatus"] as? String == "DELIVERED" })
        }

        // Every event reaches the receiver at least once (a killed attempt may be repeated, with the same eventId).
        func arrived(_ deliveries: [WebhookReceiver.Delivery]) -> Set<String> {
            Set(deliveries.map { "\($0.event ?? "") \($0.data["recordId"] as? String ?? "")" })
        }
        let expected = Set(conversations.flatMap { ["CONVERSATION_STARTED \($0)", "CONVERSATION_COMPLETED \($0)"] })
        let deliveries = try await receiver.received { expected.isSubset(of: arrived($0)) }
        #expect(expected.isSubset(of: arrived(deliveries)), "\(expected.subtracting(arrived(deliveries)))")
        let unverified = deliveries.filter { !($0.standardVerified && $0.poppVerified) }
        #expect(unverified.isEmpty, "\(unverified.map { "\($0.event ?? "no event") \($0.standardError ?? "x-signature differs")" })")
        #expect(Set(deliveries.compactMap(\.eventID)).count == expected.count, "one eventId per event, however often it was sent")
        await server.kill()
    }
}

extension CrashRecoveryTests {
    @Test(
        "a 1,000-conversation campaign killed at 20 random moments ends with every conversation final, each message sent once",
        .enabled(if: HeavyTests.enabled, "set PARLEY_TEST_HEAVY=1"), arguments: TestDatabase.available)
    func campaignUnderRandomKills(_ kind: TestDatabase) async throws {
        try await WebhookReceiver.run { receiver in
            try await kind.withFreshLocation { location in try await campaign(database: location.commandLineURL, receiver: receiver) }
        }
    }

    private func campaign(database: String, receiver: WebhookReceiver) async throws {
        var (server, client, campaign) = try await Self.launch(database: database, receiver: receiver, questions: #"[{"content":"Weekends?"}]"#)
        let (key, organization) = (client.key, client.organization)
        let phones = (0..<1_000).map { "+1415666\(String(format: "%04d", $0))" }
        let contacts = phones.map { #"{"firstName":"Ada","phoneNumber":"\#($0)"}"# }.joined(separator: ",")
        let bulk = await client.send("POST", "/v1/conversations/bulk", #"{"campaignId":"\#(campaign)","contacts":[\#(contacts)]}"#)
        let conversations = (bulk?.1["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        try #require(conversations.count == phones.count, "bulk create: \(bulk?.1["summary"] ?? "no answer")")

        // Twenty kills at random moments while the openings go out and the candidates answer; the seed is printed so
        // a failure can be replayed.
        let seed = UInt64.random(in: 1...UInt64.max)
        var random = SeededGenerator(seed: seed)
        var answered = Set<Int>()
        for _ in 0..<20 {
            let statuses = await Self.statuses(client, campaign: campaign)
            let ongoing = zip(conversations.indices, conversations).filter { statuses[$0.1] == "ONGOING" && !answered.contains($0.0) }
            for (index, _) in ongoing.prefix(Int.random(in: 20...80, using: &random)) {
                _ = await client.send("POST", "/v1/sandbox/inbound", #"{"channel":"SMS","from":"\#(phones[index])","content":"yes"}"#)
                answered.insert(index)
            }
            try await Task.sleep(for: .milliseconds(Int.random(in: 0...400, using: &random)))
            await server.kill()
            server = try await ServeProcess.start(database: database, environment: Self.environment)
            client = Client(port: server.port, key: key, organization: organization)
        }

        // The last server finishes the campaign: every candidate answers once their question is out.
        let deadline = ContinuousClock.now + .seconds(240)
        var statuses: [String: String] = [:]
        while ContinuousClock.now < deadline {
            statuses = await Self.statuses(client, campaign: campaign)
            for (index, conversation) in conversations.enumerated() where statuses[conversation] == "ONGOING" && !answered.contains(index) {
                _ = await client.send("POST", "/v1/sandbox/inbound", #"{"channel":"SMS","from":"\#(phones[index])","content":"yes"}"#)
                answered.insert(index)
            }
            if conversations.allSatisfy({ statuses[$0] == "COMPLETED_SCREENING_PASSED" }) { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        let unfinished = conversations.filter { statuses[$0] != "COMPLETED_SCREENING_PASSED" }
        #expect(unfinished.isEmpty, "seed \(seed): \(unfinished.count) conversations not final, such as \(unfinished.prefix(3))")

        // Each conversation's messages, once each: greeting, question, closing; the candidate's answer once.
        for conversation in conversations {
            var agent: [String] = []
            while ContinuousClock.now < deadline {
                let messages = await client.send("GET", "/v1/conversations/\(conversation)/messages?limit=100")?.1["data"] as? [[String: Any]] ?? []
                agent = messages.filter { $0["role"] as? String == "AGENT" && $0["deliveryStatus"] as? String == "DELIVERED" }
                    .compactMap { $0["content"] as? String }
                if agent.count >= 3 { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(agent.count == 3 && agent.dropFirst() == ["Weekends?", "Thanks!\n\nWe will call you."], "seed \(seed): \(agent)")
        }
        let expected = Set(conversations.flatMap { ["CONVERSATION_STARTED \($0)", "CONVERSATION_COMPLETED \($0)"] })
        func arrived(_ deliveries: [WebhookReceiver.Delivery]) -> Set<String> {
            Set(deliveries.map { "\($0.event ?? "") \($0.data["recordId"] as? String ?? "")" })
        }
        let deliveries = try await receiver.received { expected.isSubset(of: arrived($0)) }
        #expect(expected.isSubset(of: arrived(deliveries)), "seed \(seed): \(expected.subtracting(arrived(deliveries)).count) events missing")
        #expect(Set(deliveries.compactMap(\.eventID)).count == expected.count, "seed \(seed): one eventId per event")
        await server.kill()
    }

    /// The campaign's conversations' statuses by id, read a page at a time (empty while the server cannot answer).
    private static func statuses(_ client: Client, campaign: String) async -> [String: String] {
        var statuses: [String: String] = [:]
        var next: String?
        repeat {
            let token = next.map { "&nextToken=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0)" } ?? ""
            let query = "/v1/conversations?campaignId=\(campaign)&limit=100" + token
            guard let page = await client.send("GET", query)?.1 else { return statuses }
            for item in page["data"] as? [[String: Any]] ?? [] {
                if let id = item["id"] as? String, let status = item["status"] as? String { statuses[id] = status }
            }
            next = page["nextToken"] as? String
        } while next != nil
        return statuses
    }
}

/// A small seeded generator (SplitMix64), so a run's random moments can be replayed from its seed.
private struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
