import NIOCore

/// Turns the bytes a server sends into ``SMTPReply`` values, joining `250-…` continuation lines. After the
/// reply to `STARTTLS` it refuses any further plain-text byte until TLS is in place, so a man in the middle cannot
/// inject replies into the encrypted session.
final class SMTPReplyDecoder: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = SMTPReply

    /// What the server sent wrong.
    enum DecodingError: Error, Equatable, CustomStringConvertible {
        case malformedLine
        case inconsistentCode
        case lineTooLong
        case tooManyLines
        case plainTextAfterStartTLS

        var description: String {
            switch self {
            case .malformedLine: "a reply line does not start with a three-digit code"
            case .inconsistentCode: "the lines of one reply carry different codes"
            case .lineTooLong: "a reply line is too long"
            case .tooManyLines: "a reply has too many lines"
            case .plainTextAfterStartTLS: "the server sent plain text after agreeing to STARTTLS"
            }
        }
    }

    /// The longest line accepted; RFC 5321 allows 512 octets, servers sometimes send more.
    private static let maximumLineLength = 4096
    /// The most lines one reply may have.
    private static let maximumLineCount = 200

    private var buffer = ByteBuffer()
    private var code: Int?
    private var lines: [String] = []
    private var failed = false

    /// Set before sending `STARTTLS`: the next complete reply is the last plain-text one.
    var expectsTLSAfterNextReply = false
    /// Whether the reply to `STARTTLS` came and TLS is not in place yet.
    private(set) var awaitingTLS = false
    /// Whether bytes after the last complete reply are waiting.
    var hasBufferedBytes: Bool { buffer.readableBytes > 0 || !lines.isEmpty }

    /// Called once the TLS handler is in the pipeline, in front of this decoder.
    func tlsInstalled() {
        awaitingTLS = false
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !failed else { return }
        var incoming = unwrapInboundIn(data)
        guard !awaitingTLS else { return fail(.plainTextAfterStartTLS, context: context) }
        buffer.writeBuffer(&incoming)
        do {
            while let line = nextLine() {
                if let reply = try take(line) {
                    context.fireChannelRead(wrapInboundOut(reply))
                    if expectsTLSAfterNextReply {
                        expectsTLSAfterNextReply = false
                        awaitingTLS = true
                        if hasBufferedBytes { throw DecodingError.plainTextAfterStartTLS }
                    }
                }
            }
            if buffer.readableBytes > Self.maximumLineLength { throw DecodingError.lineTooLong }
            buffer.discardReadBytes()
        } catch let error as DecodingError {
            fail(error, context: context)
        } catch {
            fail(.malformedLine, context: context)
        }
    }

    /// The next line without its CRLF (a bare LF is accepted too), or `nil` when no full line is buffered.
    private func nextLine() -> [UInt8]? {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        let length = newline - buffer.readerIndex
        guard var line = buffer.readBytes(length: length) else { return nil }
        buffer.moveReaderIndex(forwardBy: 1)
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        return line
    }

    /// Adds `line` to the reply being read and returns the reply when `line` was its last.
    private func take(_ line: [UInt8]) throws(DecodingError) -> SMTPReply? {
        guard line.count <= Self.maximumLineLength else { throw .lineTooLong }
        guard line.count >= 3, line[0...2].allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { throw .malformedLine }
        let lineCode = line[0...2].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        let separator = line.count > 3 ? line[3] : UInt8(ascii: " ")
        guard separator == UInt8(ascii: " ") || separator == UInt8(ascii: "-") else { throw .malformedLine }
        if let code, code != lineCode { throw .inconsistentCode }
        code = lineCode
        lines.append(String(decoding: line.dropFirst(4), as: UTF8.self))
        guard lines.count <= Self.maximumLineCount else { throw .tooManyLines }
        guard separator == UInt8(ascii: " ") else { return nil }
        defer {
            code = nil
            lines = []
        }
        return SMTPReply(code: lineCode, lines: lines)
    }

    private func fail(_ error: DecodingError, context: ChannelHandlerContext) {
        failed = true
        context.fireErrorCaught(error)
        context.close(promise: nil)
    }
}
