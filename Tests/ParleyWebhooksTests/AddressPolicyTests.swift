import ParleyWebhooks
import Testing

@Suite("SSRF guard")
struct AddressPolicyTests {
    static let refused = [
        "http://127.0.0.1/hook", "http://127.1/hook", "http://2130706433/hook", "http://0177.0.0.1/hook", "http://0x7f.0.0.1/hook",
        "http://0x7f000001/hook", "http://017700000001/hook", "http://127.000.000.001/hook", "http://localhost/hook",
        "http://LOCALHOST./hook", "http://api.localhost/hook", "http://[::1]/hook", "http://[0:0:0:0:0:0:0:1]/hook",
        "http://[::ffff:127.0.0.1]/hook", "http://[::ffff:7f00:1]/hook", "http://0.0.0.0/hook", "http://0/hook", "http://[::]/hook",
        "http://10.0.0.5/hook", "http://172.16.0.1/hook", "http://172.31.255.255/hook", "http://192.168.1.10/hook",
        "http://169.254.169.254/latest/meta-data", "http://100.64.0.1/hook", "http://100.127.255.254/hook", "http://224.0.0.1/hook",
        "http://239.255.255.250/hook", "http://255.255.255.255/hook", "http://240.0.0.1/hook", "http://198.18.0.1/hook",
        "http://192.0.2.1/hook", "http://203.0.113.9/hook", "http://[fc00::1]/hook", "http://[fd12:3456::1]/hook", "http://[fe80::1]/hook",
        "http://[ff02::1]/hook", "http://[2001:db8::1]/hook", "http://[::ffff:10.0.0.1]/hook", "http://[::ffff:169.254.169.254]/hook",
        "http://[64:ff9b::a00:1]/hook", "http://[2002:7f00:1::]/hook", "http://[::127.0.0.1]/hook", "http://db.internal/hook",
        "http://printer.local/hook", "ftp://93.184.216.34/hook", "file:///etc/passwd", "gopher://93.184.216.34/", "http:///nohost",
        "https://user:pass@93.184.216.34/hook", "javascript:alert(1)",
    ]

    @Test("loopback, private, link-local, CGNAT, multicast, reserved and local names are refused in every spelling", arguments: refused)
    func refuses(url: String) {
        #expect(throws: AddressPolicy.Refusal.self) { try AddressPolicy.checkURL(url) }
    }

    @Test("the list is long enough to mean something")
    func coverage() {
        #expect(Self.refused.count >= 30)
    }

    @Test(
        "public addresses and names pass",
        arguments: [
            "https://93.184.216.34/hook", "http://8.8.8.8:8080/hook", "https://hooks.example.com/parley?x=1", "https://[2606:4700::1111]/hook",
            "https://[::ffff:93.184.216.34]/hook", "https://172.32.0.1/hook", "https://100.128.0.1/hook",
        ])
    func allows(url: String) throws {
        _ = try AddressPolicy.checkURL(url)
    }

    @Test("inet_aton spellings read as the address they mean")
    func spellings() {
        #expect(AddressPolicy.parse("2130706433") == .v4([127, 0, 0, 1]))
        #expect(AddressPolicy.parse("0177.1") == .v4([127, 0, 0, 1]))
        #expect(AddressPolicy.parse("0x7f.0x0.0.0x1") == .v4([127, 0, 0, 1]))
        #expect(AddressPolicy.parse("10.1") == .v4([10, 0, 0, 1]))
        #expect(AddressPolicy.parse("256.0.0.1") == nil)
        #expect(AddressPolicy.parse("hooks.example.com") == nil)
    }
}
