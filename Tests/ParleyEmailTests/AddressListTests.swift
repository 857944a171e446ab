import ParleyEmail
import Testing

@Suite struct AddressListTests {
    @Test func readsEveryForm() {
        let list = #""Doe, Jane" <Jane.Doe@Example.com>, Bob Smith <bob@example.com>, carol@example.com, "Dan \"D\" O'Neil" <dan@example.com>"#
        #expect(
            AddressList.parse(list) == [
                EmailAddress("Jane.Doe@Example.com", name: "Doe, Jane"),
                EmailAddress("bob@example.com", name: "Bob Smith"),
                EmailAddress("carol@example.com"),
                EmailAddress("dan@example.com", name: #"Dan "D" O'Neil"#),
            ])
    }

    @Test func handlesCommentsGroupsAndJunk() {
        #expect(AddressList.parse("jane@example.com (Jane, at work)") == [EmailAddress("jane@example.com")])
        #expect(
            AddressList.parse("Team: a@example.com, b@example.com;, c@example.com").map(\.address) == [
                "a@example.com", "b@example.com", "c@example.com",
            ])
        #expect(AddressList.parse("undisclosed-recipients:;").isEmpty)
        #expect(AddressList.parse("").isEmpty)
        #expect(AddressList.parse("not an address").isEmpty)
        #expect(AddressList.parse("<bare@example.com>") == [EmailAddress("bare@example.com")])
    }

    @Test func normalizesForComparison() {
        #expect(AddressList.normalized(" Jane.Doe@Example.COM ") == "jane.doe@example.com")
    }
}
