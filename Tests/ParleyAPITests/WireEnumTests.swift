import ParleyCore
import ParleyOpenAPI
import Testing

@testable import ParleyAPI

@Suite("openapi.yaml and the domain agree")
struct WireEnumTests {
    private func rawValues<T: RawRepresentable<String> & CaseIterable>(_: T.Type) -> [String] { T.allCases.map(\.rawValue) }

    @Test("every enum of the contract has exactly the domain's values, so wire conversions cannot fail")
    func enumsMatch() {
        #expect(rawValues(Components.Schemas.CampaignType.self) == rawValues(CampaignType.self))
        #expect(rawValues(Components.Schemas.Channel.self) == rawValues(Channel.self))
        #expect(rawValues(Components.Schemas.ClosingMethod.self) == rawValues(ClosingMethod.self))
        #expect(rawValues(Components.Schemas.CampaignStatus.self) == rawValues(CampaignStatus.self))
        #expect(rawValues(Components.Schemas.AgentTone.self) == rawValues(AgentTone.self))
        #expect(rawValues(Components.Schemas.QuestionType.self) == rawValues(QuestionType.self))
        #expect(rawValues(Components.Schemas.AgentKind.self) == rawValues(AgentKind.self))
        #expect(rawValues(Components.Schemas.ChannelProvider.self) == rawValues(ChannelProvider.self))
        #expect(rawValues(Components.Schemas.VideoConferencingProvider.self) == rawValues(VideoConferencingProvider.self))
        #expect(rawValues(Components.Schemas.BookingStatus.self) == rawValues(Booking.Status.self))
        #expect(rawValues(Components.Schemas.Weekday.self) == BusinessHours.dayNames.map(\.name))
    }

    @Test("error messages name every allowed value of each enum field")
    func allowedValuesInMessages() {
        #expect(WireEnums.allowedValues["channel"] == ["SMS", "WHATSAPP", "EMAIL"])
        #expect(WireEnums.allowedValues["questionType"] == rawValues(QuestionType.self))
        #expect(WireEnums.allowedValues["agentKind"] == rawValues(AgentKind.self))
    }
}
