import Foundation
import ParleyCore
import Testing

@Suite("Value rules")
struct ValueRulesTests {
    @Test(
        "E.164 numbers",
        arguments: [
            ("+14155551234", true), ("+447911123456", true), ("+1415555123", true), ("+0415", false), ("4155551234", false),
            ("+1415555123456789", false), ("+1 4155551234", false),
        ])
    func e164(number: String, valid: Bool) {
        #expect(PhoneNumber.isE164(number) == valid)
    }

    @Test(
        "email addresses",
        arguments: [
            ("jane@example.com", true), ("jane@localhost", false), ("@example.com", false), ("jane @example.com", false), ("a@b@c.com", false),
        ])
    func email(address: String, valid: Bool) {
        #expect(EmailAddress.isPlausible(address) == valid)
    }

    @Test("API key status: active, expiring within 7 days, expired, revoked")
    func apiKeyStatus() {
        let now = Date(millisecondsSince1970: 1_800_000_000_000)
        func key(expiresIn days: Double?, revoked: Bool = false) -> APIKey {
            APIKey(
                id: IDGenerator.random.next(), organizationID: IDGenerator.random.next(), name: "ci", prefix: "prly_00000000", lastFour: "abcd",
                createdAt: now, expiresAt: days.map { now.addingTimeInterval($0 * 86_400) }, revokedAt: revoked ? now : nil
            )
        }
        #expect(key(expiresIn: nil).status(at: now) == .active)
        #expect(key(expiresIn: 30).status(at: now) == .active)
        #expect(key(expiresIn: 3).status(at: now) == .expiresSoon)
        #expect(key(expiresIn: -1).status(at: now) == .expired)
        #expect(key(expiresIn: nil, revoked: true).status(at: now) == .revoked)
        #expect(key(expiresIn: 3).isUsable(at: now))
        #expect(!key(expiresIn: -1).isUsable(at: now))
        #expect(key(expiresIn: nil).masked == "prly_00000000_…abcd")
    }

    @Test("page size: default 20, 1 to 100")
    func pageSize() throws {
        #expect(try PageSize.validated(nil) == 20)
        #expect(try PageSize.validated(100) == 100)
        #expect(throws: ValidationError(field: "limit", rule: "must be between 1 and 100")) { try PageSize.validated(0) }
        #expect(throws: ValidationError.self) { try PageSize.validated(101) }
    }

    @Test("the default templates cover every channel and campaign type, and every SMS one carries STOP")
    func defaultTemplates() {
        let templates = DefaultMessageTemplates.make(for: IDGenerator.random.next(), ids: .random, at: .now)
        #expect(templates.count == Channel.allCases.count * CampaignType.allCases.count)
        for channel in Channel.allCases {
            for type in CampaignType.allCases {
                #expect(templates.contains { $0.channel == channel && $0.campaignType == type }, "no \(channel) \(type) template")
            }
        }
        for template in templates {
            #expect(MessagePlaceholder.unknownNames(in: template.content).isEmpty)
            #expect(template.content.count <= TextLimits.openingMessage.maximum)
            if template.channel == .sms { #expect(MessagePlaceholder.containsStopKeyword(template.content)) }
        }
    }

    @Test("milliseconds round-trip exactly")
    func milliseconds() {
        let date = Date(timeIntervalSince1970: 1_764_000_000.123_456)
        #expect(date.roundedToMilliseconds.millisecondsSince1970 == 1_764_000_000_123)
        #expect(Date(millisecondsSince1970: date.millisecondsSince1970) == date.roundedToMilliseconds)
    }

    @Test("every stored millisecond reads back as itself, though seconds are binary fractions")
    func storedMillisecondsReadBack() {
        var random = SystemRandomNumberGenerator()
        // Until 2100, and before 1970: about one in twenty read back a millisecond short when rounded down.
        let misread = (0..<100_000).map { _ in Int64.random(in: -2_000_000_000_000...4_102_444_800_000, using: &random) }
            .filter { Date(millisecondsSince1970: $0).millisecondsSince1970 != $0 }
        #expect(misread.isEmpty, "\(misread.prefix(3))")
    }

    @Test("timestamps are written as ISO8601DateFormatter writes them with fractional seconds")
    func internetTimestamps() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var random = SystemRandomNumberGenerator()
        let stored = (0..<20_000).map { _ in Date(millisecondsSince1970: Int64.random(in: -2_000_000_000_000...4_102_444_800_000, using: &random)) }
        let unrounded = (0..<20_000).map { _ in Date(timeIntervalSince1970: Double.random(in: -2_000_000_000...4_102_444_800, using: &random)) }
        let edges = [0, -1, 951_782_400_000, 951_868_799_999, 4_107_542_399_999].map(Date.init(millisecondsSince1970:))
        let different = (edges + stored + unrounded).filter { $0.internetTimestamp != formatter.string(from: $0) }
        #expect(different.isEmpty, "\(different.prefix(3).map { ($0.timeIntervalSince1970, $0.internetTimestamp, formatter.string(from: $0)) })")
        #expect(Date(millisecondsSince1970: 1_800_000_000_123).internetTimestamp == "2027-01-15T08:00:00.123Z")
    }
}

@Suite("Retry policy")
struct RetryPolicyTests {
    @Test("waits double from the base, spread by jitter, capped, and stop after the last attempt")
    func backoff() {
        let policy = RetryPolicy.exponentialBackoff(maxAttempts: 5, base: 2, max: 10)
        #expect(policy.delay(afterAttempt: 1, jitter: 1) == 2)
        #expect(policy.delay(afterAttempt: 1, jitter: 0) == 1)
        #expect(policy.delay(afterAttempt: 2, jitter: 1) == 4)
        #expect(policy.delay(afterAttempt: 3, jitter: 1) == 8)
        #expect(policy.delay(afterAttempt: 4, jitter: 1) == 10)
        #expect(policy.delay(afterAttempt: 4, jitter: 0.5) == 7.5)
        #expect(policy.delay(afterAttempt: 5, jitter: 1) == nil)
    }
}

@Suite("National phone numbers")
struct CountryCallingCodesTests {
    @Test(
        "a national number with its country becomes E.164",
        arguments: [
            ("07911 123456", "GB", "+447911123456"), ("(415) 555-1234", "US", "+14155551234"), ("1 415 555 1234", "us", "+14155551234"),
            ("030 1234567", "DE", "+49301234567"), ("06 20 123 4567", "HU", "+36201234567"), ("02 1234 5678", "IT", "+390212345678"),
            ("+44 7911 123456", "US", "+447911123456"), ("0044 7911 123456", "FR", "+447911123456"),
        ]
    )
    func normalizes(number: String, country: String, expected: String) {
        #expect(CountryCallingCodes.e164(number, countryCode: country) == expected)
    }

    @Test("an unknown country or an impossible number gives nothing")
    func refuses() {
        #expect(CountryCallingCodes.e164("07911 123456", countryCode: "XX") == nil)
        #expect(CountryCallingCodes.e164("12", countryCode: "GB") == nil)
    }

    @Test("conversation fields keep the E.164 form, and name the field when they cannot")
    func fields() throws {
        var fields = ConversationFields(firstName: "Ada", phoneNumber: "07911 123456")
        fields.countryCode = "GB"
        #expect(try fields.normalized().phoneNumber == "+447911123456")
        fields.countryCode = "ZZ"
        #expect(throws: ValidationError.self) { try fields.normalized() }
        fields.countryCode = "GB"
        fields.phoneNumber = "12"
        #expect(throws: ValidationError(field: "phoneNumber", rule: "is not a phone number of country GB")) { try fields.normalized() }
    }
}

@Suite("Business hours")
struct BusinessHoursTests {
    private func date(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }

    @Test("open on a weekday inside the window in the candidate's zone; the next opening otherwise")
    func londonCandidate() {
        let london = PhoneNumber.timeZones(of: "+447911123456")
        #expect(london.map(\.identifier) == ["Europe/London"])
        let hours = BusinessHours.standard
        #expect(hours.isOpen(at: date("2026-11-25T10:00:00Z"), in: london))
        #expect(hours.nextOpening(from: date("2026-11-25T10:00:00Z"), in: london) == date("2026-11-25T10:00:00Z"))
        #expect(hours.nextOpening(from: date("2026-11-25T18:30:00Z"), in: london) == date("2026-11-26T09:00:00Z"))
        #expect(hours.nextOpening(from: date("2026-11-28T12:00:00Z"), in: london) == date("2026-11-30T09:00:00Z"), "Saturday waits for Monday")
    }

    @Test("a country over several zones waits until it is business hours in all of them")
    func northAmerica() {
        let zones = PhoneNumber.timeZones(of: "+14155551234")
        // 09:00 in Los Angeles (PST, UTC−8) is 17:00 UTC, when New York (UTC−5) is still open until 22:00 UTC.
        #expect(BusinessHours.standard.nextOpening(from: date("2026-11-25T13:00:00Z"), in: zones) == date("2026-11-25T17:00:00Z"))
    }
}
