import ParleyCore
import ParleyOpenAPI

/// A pair of enums, one generated from `openapi.yaml` and one of the domain, that share their raw values.
/// A test checks every pair case by case, so the conversions below cannot fail.
protocol WireEnum: RawRepresentable<String>, CaseIterable {
    associatedtype Domain: RawRepresentable<String>
}

extension WireEnum {
    /// The domain value with the same raw value.
    var domain: Domain {
        guard let value = Domain(rawValue: rawValue) else { preconditionFailure("openapi.yaml and ParleyCore disagree on \(rawValue)") }
        return value
    }

    /// The wire value with the same raw value as `domain`.
    init(_ domain: Domain) {
        guard let value = Self(rawValue: domain.rawValue) else { preconditionFailure("openapi.yaml and ParleyCore disagree on \(domain.rawValue)") }
        self = value
    }
}

extension Components.Schemas.CampaignType: WireEnum { typealias Domain = CampaignType }
extension Components.Schemas.Channel: WireEnum { typealias Domain = Channel }
extension Components.Schemas.ClosingMethod: WireEnum { typealias Domain = ClosingMethod }
extension Components.Schemas.CampaignStatus: WireEnum { typealias Domain = CampaignStatus }
extension Components.Schemas.AgentTone: WireEnum { typealias Domain = AgentTone }
extension Components.Schemas.QuestionType: WireEnum { typealias Domain = QuestionType }
extension Components.Schemas.AgentKind: WireEnum { typealias Domain = AgentKind }
extension Components.Schemas.WebhookEventType: WireEnum { typealias Domain = ConversationEvent.Kind }
extension Components.Schemas.ChannelProvider: WireEnum { typealias Domain = ChannelProvider }
extension Components.Schemas.VideoConferencingProvider: WireEnum { typealias Domain = VideoConferencingProvider }
extension Components.Schemas.BookingStatus: WireEnum { typealias Domain = Booking.Status }
