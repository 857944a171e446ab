import Foundation
import ParleyScheduling
import Testing

@Suite struct SlotLabelTests {
    let slot = Slot(start: TestSupport.instant("2025-03-04T09:00:00Z"), end: TestSupport.instant("2025-03-04T09:30:00Z"))

    @Test func labelsInTheZoneWithA24HourClock() {
        #expect(label(slot, timeZone: TestSupport.zone("Europe/Berlin")) == "Tue 4 Mar, 10:00")
        #expect(label(slot, timeZone: TestSupport.zone("America/New_York")) == "Tue 4 Mar, 04:00")
        #expect(label(slot, timeZone: TestSupport.zone("Pacific/Auckland")) == "Tue 4 Mar, 22:00")
        let evening = Slot(start: TestSupport.instant("2025-03-04T22:30:00Z"), end: TestSupport.instant("2025-03-04T23:00:00Z"))
        #expect(label(evening, timeZone: TestSupport.zone("America/New_York")) == "Tue 4 Mar, 17:30")
    }

    @Test(arguments: ["de_DE", "fr_FR", "es_ES", "ja_JP", "ar_EG", "ru_RU"])
    func labelsAreASCIIInAnyLocale(_ identifier: String) {
        let text = label(slot, timeZone: TestSupport.zone("Europe/Berlin"), locale: Locale(identifier: identifier))
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII })
        #expect(text.hasSuffix("10:00"))
        #expect(text.contains("4"))
        #expect(text.utf8.count <= 24)
    }
}
