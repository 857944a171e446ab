import Foundation
package import ParleyCore
package import SQLKit

/// Message templates of an organization.
package struct MessageTemplateRepository: Sendable {
    private let database: Database

    package init(database: Database) {
        self.database = database
    }

    /// The organization's templates, by channel, campaign type and name.
    package func list(organizationID: Organization.ID) async throws -> [MessageTemplate] {
        try await database.read { sql in
            try await sql.select().columns("*").from("message_templates")
                .where("organization_id", .equal, SQLBind(organizationID.uuidString))
                .orderBy("channel").orderBy("campaign_type").orderBy("name")
                .all()
                .map(Self.template(from:))
        }
    }

    /// The organization's template with this id.
    package static func find(_ id: MessageTemplate.ID, organizationID: Organization.ID, on sql: any SQLDatabase) async throws -> MessageTemplate? {
        try await sql.select().columns("*").from("message_templates")
            .where("id", .equal, SQLBind(id.uuidString))
            .where("organization_id", .equal, SQLBind(organizationID.uuidString))
            .first()
            .map(template(from:))
    }

    static func insert(_ template: MessageTemplate, on sql: any SQLDatabase) async throws {
        try await sql.insert(into: "message_templates")
            .columns("id", "organization_id", "kind", "channel", "campaign_type", "name", "content", "created_at")
            .values(
                SQLBind(template.id.uuidString), SQLBind(template.organizationID.uuidString), SQLBind(template.kind.rawValue),
                SQLBind(template.channel.rawValue), SQLBind(template.campaignType.rawValue), SQLBind(template.name),
                SQLBind(template.content), SQLBind(template.createdAt.millisecondsSince1970)
            )
            .run()
    }

    private static func template(from row: any SQLRow) throws -> MessageTemplate {
        guard
            let id = MessageTemplate.ID(uuidString: try row.decode(column: "id", as: String.self)),
            let organizationID = Organization.ID(uuidString: try row.decode(column: "organization_id", as: String.self)),
            let kind = MessageTemplate.Kind(rawValue: try row.decode(column: "kind", as: String.self)),
            let channel = Channel(rawValue: try row.decode(column: "channel", as: String.self)),
            let campaignType = CampaignType(rawValue: try row.decode(column: "campaign_type", as: String.self))
        else { throw StoreError.corruptRow("message_templates") }
        return MessageTemplate(
            id: id,
            organizationID: organizationID,
            kind: kind,
            channel: channel,
            campaignType: campaignType,
            name: try row.decode(column: "name", as: String.self),
            content: try row.decode(column: "content", as: String.self),
            createdAt: Date(millisecondsSince1970: try row.decode(column: "created_at", as: Int64.self))
        )
    }
}
