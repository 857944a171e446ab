package import Foundation

/// A typed identifier: a UUID that knows which kind of entity it names, so a campaign id can never be
/// passed where an organization id is expected.
package struct Identifier<Entity>: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The underlying UUID.
    package let rawValue: UUID

    /// Wraps an existing UUID.
    package init(_ rawValue: UUID) {
        self.rawValue = rawValue
    }

    /// Parses the canonical text form of a UUID; `nil` when the text is not a UUID.
    package init?(uuidString: String) {
        guard let uuid = UUID(uuidString: uuidString) else { return nil }
        self.rawValue = uuid
    }

    /// The lowercase canonical text form, as stored and as sent on the wire.
    package var uuidString: String { rawValue.uuidString.lowercased() }

    package var description: String { uuidString }

    package init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let uuid = UUID(uuidString: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a UUID"))
        }
        self.rawValue = uuid
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(uuidString)
    }
}
