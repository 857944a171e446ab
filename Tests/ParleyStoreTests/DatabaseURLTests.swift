import ParleyStore
import Testing

@Suite("Database URLs")
struct DatabaseURLTests {
    @Test(
        "the documented forms parse",
        arguments: [
            ("sqlite:///var/lib/parley/parley.db", DatabaseURL.sqlite(path: "/var/lib/parley/parley.db")),
            ("sqlite://parley.db", .sqlite(path: "parley.db")),
            ("sqlite://data/parley.db", .sqlite(path: "data/parley.db")),
            ("postgres://parley:secret@db.internal:5432/parley", .postgres(url: "postgres://parley:secret@db.internal:5432/parley")),
            ("postgresql://parley@localhost/parley?tlsmode=disable", .postgres(url: "postgresql://parley@localhost/parley?tlsmode=disable")),
        ]
    )
    func parses(text: String, expected: DatabaseURL) throws {
        #expect(try DatabaseURL(text) == expected)
    }

    @Test("unusable URLs are refused with the reason", arguments: ["mysql://localhost/db", "sqlite://", "postgres://", "parley.db"])
    func refuses(text: String) {
        #expect(throws: DatabaseURLError.self) { try DatabaseURL(text) }
    }

    @Test("the password never appears when a URL is logged")
    func redactsPassword() throws {
        let url = try DatabaseURL("postgres://parley:s3cr3t@db.internal:5432/parley")
        #expect(url.description == "postgres://parley:***@db.internal:5432/parley")
        #expect(!"\(url)".contains("s3cr3t"))
    }
}
