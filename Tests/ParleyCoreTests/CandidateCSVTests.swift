import ParleyCore
import Testing

@Suite("Candidate CSV")
struct CandidateCSVTests {
    @Test("columns in any order and case, quoted fields with commas, quotes and line breaks, CRLF and a byte-order mark")
    func reads() throws {
        let text =
            "\u{FEFF}PhoneNumber,firstname,lastName,externalId\r\n+14155551234,Ada,\"Lovelace, Countess\",\"a\"\"1\"\r\n"
            + "+14155559876,\"Grace\nMurray\",Hopper,\n\n"
        let contacts = try CandidateCSV.contacts(in: text)
        #expect(contacts.map(\.firstName) == ["Ada", "Grace\nMurray"])
        #expect(contacts.map(\.lastName) == ["Lovelace, Countess", "Hopper"])
        #expect(contacts.map(\.phoneNumber) == ["+14155551234", "+14155559876"])
        #expect(contacts.map(\.externalID) == ["a\"1", nil])
    }

    @Test("what a file gets wrong is named")
    func refuses() {
        func rule(_ text: String) -> String? {
            do {
                _ = try CandidateCSV.contacts(in: text)
                return nil
            } catch {
                return error.message
            }
        }
        #expect(rule("") == "file: is empty; the first line must name the columns")
        #expect(
            rule("firstName,phone\nAda,1")
                == "file: unknown column \"phone\" on line 1; the columns are firstName, lastName, phoneNumber, countryCode, emailAddress, externalId, applicationSource"
        )
        #expect(rule("lastName\nLovelace") == "file: needs a firstName column")
        #expect(rule("firstName\n") == "file: has no candidates after the header line")
        #expect(rule("firstName\nA\"da") == "file: has a quote inside an unquoted field on line 2")
        #expect(rule("firstName\n\"Ada") == "file: has a quoted field that never closes (from line 2)")
        #expect(rule("firstName\n" + String(repeating: "Ada\n", count: 1_001)) == "file: must hold at most 1000 candidates")
    }
}
