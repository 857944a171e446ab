import NIOCore
import NIOEmbedded
import Testing

@testable import ParleyEmail

/// Reply decoding and DATA encoding, byte for byte.
@Suite struct SMTPWireTests {
    private func decode(_ chunks: [String], arm: Bool = false) throws -> (replies: [SMTPReply], channel: EmbeddedChannel) {
        let decoder = SMTPReplyDecoder()
        decoder.expectsTLSAfterNextReply = arm
        let channel = EmbeddedChannel(handler: decoder)
        var replies: [SMTPReply] = []
        for chunk in chunks {
            try channel.writeInbound(ByteBuffer(string: chunk))
            while let reply = try channel.readInbound(as: SMTPReply.self) { replies.append(reply) }
        }
        return (replies, channel)
    }

    @Test func joinsMultiLineRepliesAcrossChunks() throws {
        let (replies, _) = try decode([
            "220 mx.example.com ESMTP\r\n250-mx.example.com\r\n250-SIZE 1000", "\r\n250-AUTH=PLAIN LOGIN\r\n250-STARTTLS\n250 8BITMIME\r\n",
        ])
        #expect(replies.count == 2)
        #expect(replies[0] == SMTPReply(code: 220, lines: ["mx.example.com ESMTP"]))
        #expect(replies[1].code == 250)
        #expect(replies[1].extensions["AUTH"] == ["PLAIN", "LOGIN"])
        #expect(replies[1].extensions["STARTTLS"] == [])
        #expect(replies[1].extensions["SIZE"] == ["1000"])
    }

    @Test func readsEnhancedStatusCodes() {
        #expect(SMTPReply(code: 550, lines: ["5.1.1 <a@b.c>: unknown"]).enhancedStatusCode == "5.1.1")
        #expect(SMTPReply(code: 550, lines: ["No such user"]).enhancedStatusCode == nil)
        #expect(SMTPReply(code: 250, lines: ["2.0.0"]).enhancedStatusCode == "2.0.0")
    }

    @Test func rejectsMalformedReplies() throws {
        #expect(throws: SMTPReplyDecoder.DecodingError.malformedLine) { try decode(["hello\r\n"]) }
        #expect(throws: SMTPReplyDecoder.DecodingError.inconsistentCode) { try decode(["250-a\r\n251 b\r\n"]) }
        #expect(throws: SMTPReplyDecoder.DecodingError.lineTooLong) { try decode([String(repeating: "2", count: 5000)]) }
    }

    @Test func refusesPlainTextInjectedAfterSTARTTLS() throws {
        #expect(throws: SMTPReplyDecoder.DecodingError.plainTextAfterStartTLS) { try decode(["220 go ahead\r\n250 injected\r\n"], arm: true) }
        #expect(throws: SMTPReplyDecoder.DecodingError.plainTextAfterStartTLS) { try decode(["220 go ahead\r\n", "250 injected\r\n"], arm: true) }
        let (replies, _) = try decode(["220 go ahead\r\n"], arm: true)
        #expect(replies.map(\.code) == [220])
    }

    @Test func dotStuffsAndTerminates() {
        let encoded = SMTPDataEncoding.encode(Array("Subject: x\r\n\r\n.hidden\r\n.\r\nmiddle.dot\n..two\rlast".utf8))
        #expect(String(decoding: encoded, as: UTF8.self) == "Subject: x\r\n\r\n..hidden\r\n..\r\nmiddle.dot\r\n...two\r\nlast\r\n.\r\n")
        #expect(String(decoding: SMTPDataEncoding.encode(Array(".\r\n".utf8)), as: UTF8.self) == "..\r\n.\r\n")
        #expect(String(decoding: SMTPDataEncoding.encode([]), as: UTF8.self) == "\r\n.\r\n")
    }
}
