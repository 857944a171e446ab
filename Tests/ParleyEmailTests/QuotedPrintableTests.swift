import Foundation
import Testing

@testable import ParleyEmail

@Suite struct QuotedPrintableTests {
    /// A small RFC 2045 decoder, to check that encoding round-trips.
    private func decode(_ encoded: String) -> String {
        var bytes: [UInt8] = []
        let lines = encoded.components(separatedBy: "\r\n")
        for (index, line) in lines.enumerated() {
            var scalars = Array(line.utf8)
            let soft = scalars.last == UInt8(ascii: "=")
            if soft { scalars.removeLast() }
            var position = 0
            while position < scalars.count {
                if scalars[position] == UInt8(ascii: "="), position + 2 < scalars.count {
                    let hex = String(decoding: scalars[(position + 1)...(position + 2)], as: UTF8.self)
                    bytes.append(UInt8(hex, radix: 16)!)
                    position += 3
                } else {
                    bytes.append(scalars[position])
                    position += 1
                }
            }
            if !soft, index < lines.count - 1 { bytes.append(contentsOf: [13, 10]) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test(arguments: [
        "plain ascii",
        "a = b",
        "ünïcödé and emoji 🙂",
        "trailing space ",
        "trailing tab\t",
        String(repeating: "x", count: 200),
        String(repeating: "é", count: 60),
        String(repeating: "a", count: 75) + "=",
        String(repeating: "a", count: 76),
        String(repeating: "a", count: 77),
    ])
    func roundTripsOneLine(_ text: String) {
        let encoded = QuotedPrintable.encode(text)
        for line in encoded.components(separatedBy: "\r\n") {
            #expect(line.utf8.count <= 76)
            #expect(line.last != " " && line.last != "\t")
        }
        #expect(decode(encoded) == text + "\r\n")
    }

    @Test func keepsExactly76CharactersOnOneLine() {
        #expect(QuotedPrintable.encode(String(repeating: "a", count: 76)) == String(repeating: "a", count: 76) + "\r\n")
        #expect(QuotedPrintable.encode(String(repeating: "a", count: 77)) == String(repeating: "a", count: 75) + "=\r\naa\r\n")
    }

    @Test func neverSplitsAnEscape() {
        let encoded = QuotedPrintable.encode(String(repeating: "a", count: 74) + "é")
        #expect(encoded == String(repeating: "a", count: 74) + "=\r\n=C3=A9\r\n")
    }

    @Test func normalizesLineEndings() {
        #expect(QuotedPrintable.encode("one\ntwo\r\nthree\rfour\n") == "one\r\ntwo\r\nthree\r\nfour\r\n")
        #expect(QuotedPrintable.encode("") == "")
        #expect(QuotedPrintable.encode("a\n\nb") == "a\r\n\r\nb\r\n")
    }
}
