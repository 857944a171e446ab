package import Foundation

/// Makes new entity ids. Injected so that tests can use predictable sequences and SQLite and PostgreSQL agree,
/// since ids never come from database defaults.
package struct IDGenerator: Sendable {
    private let nextUUID: @Sendable () -> UUID

    /// An id generator backed by the given function.
    package init(_ nextUUID: @escaping @Sendable () -> UUID) {
        self.nextUUID = nextUUID
    }

    /// Random version 4 UUIDs, for production.
    package static let random = IDGenerator { UUID() }

    /// A new id for an entity of any kind.
    package func next<Entity>(_ entity: Entity.Type = Entity.self) -> Identifier<Entity> {
        Identifier(nextUUID())
    }
}
