import MultipartKit
import NIOCore

/// The fields of a form body, `multipart/form-data` or `application/x-www-form-urlencoded`, in order. File parts
/// (attachments) are skipped unless asked for.
package struct FormFields {
    private var fields: [(name: String, value: [UInt8])] = []

    /// Reads a form body of either kind, by its `Content-Type`; file parts are fields too when `includingFiles`.
    package init(contentType: String, body: [UInt8], includingFiles: Bool = false) throws(InboundEmailError) {
        let mediaType = MediaType(contentType)
        switch mediaType.essence {
        case "multipart/form-data":
            guard let boundary = mediaType.parameters["boundary"], !boundary.isEmpty else {
                throw .malformed("multipart/form-data content type has no boundary")
            }
            try self.init(multipart: body, boundary: boundary, includingFiles: includingFiles)
        case "application/x-www-form-urlencoded":
            try self.init(urlEncoded: body)
        default:
            throw .unsupportedContentType(mediaType.essence)
        }
    }

    /// Reads a `multipart/form-data` body with MultipartKit's parser.
    init(multipart body: [UInt8], boundary: String, includingFiles: Bool = false) throws(InboundEmailError) {
        let parser = MultipartParser(boundary: boundary)
        var headers: [(String, String)] = []
        var value: [UInt8] = []
        var parts: [(headers: [(String, String)], value: [UInt8])] = []
        parser.onHeader = { name, headerValue in headers.append((name, headerValue)) }
        parser.onBody = { buffer in value.append(contentsOf: buffer.readableBytesView) }
        parser.onPartComplete = {
            parts.append((headers, value))
            headers = []
            value = []
        }
        do {
            try parser.execute(body)
        } catch {
            throw .malformed("multipart/form-data body is malformed")
        }
        for part in parts {
            guard let disposition = part.headers.first(where: { $0.0.lowercased() == "content-disposition" })?.1 else { continue }
            let parameters = MediaType(disposition).parameters
            guard let name = parameters["name"], includingFiles || parameters["filename"] == nil else { continue }
            fields.append((name, part.value))
        }
    }

    /// Reads an `application/x-www-form-urlencoded` body.
    init(urlEncoded body: [UInt8]) throws(InboundEmailError) {
        for pair in body.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let halves = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.percentDecoded(halves[0]) else { throw .malformed("form body has an invalid percent escape") }
            guard let value = Self.percentDecoded(halves.count > 1 ? halves[1] : []) else {
                throw .malformed("form body has an invalid percent escape")
            }
            fields.append((String(decoding: name, as: UTF8.self), value))
        }
    }

    /// Whether a field named `name` is present (names compare case-insensitively when no exact match exists).
    func contains(_ name: String) -> Bool {
        bytes(name) != nil
    }

    /// The first value of the field named `name`, as bytes.
    package func bytes(_ name: String) -> [UInt8]? {
        if let exact = fields.first(where: { $0.name == name }) { return exact.value }
        let lowered = name.lowercased()
        return fields.first(where: { $0.name.lowercased() == lowered })?.value
    }

    /// The first value of the field named `name` as text in `charset` (UTF-8 when not given), or `nil` when the
    /// field is absent.
    package func string(_ name: String, charset: String? = nil) -> String? {
        bytes(name).map { TextDecoding.decode($0, charset: charset) }
    }

    /// Like ``string(_:charset:)``, but `nil` also when the value is empty or only whitespace.
    func nonEmptyString(_ name: String, charset: String? = nil) -> String? {
        guard let value = string(name, charset: charset), !value.trimmingSpaces().isEmpty else { return nil }
        return value
    }

    /// `bytes` with `+` as space and `%XX` decoded; `nil` for a broken escape.
    private static func percentDecoded(_ bytes: some Collection<UInt8>) -> [UInt8]? {
        var result: [UInt8] = []
        var iterator = bytes.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"): result.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
                result.append(high << 4 | low)
            default: result.append(byte)
            }
        }
        return result
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
