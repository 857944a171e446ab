package import Foundation
package import ParleyCore
package import SQLKit

/// Campaigns of an organization. Every statement is scoped by organization id; creating and updating check
/// the campaign rules inside the same transaction that writes, so concurrent updates cannot lose each other's
/// changes or slip past a rule.
package struct CampaignRepository: Sendable {
    private let database: Database
    /// Whether the server has a language model, so campaigns may use (and default to) the LLM agent.
    private let modelConfigured: Bool

    package init(database: Database, modelConfigured: Bool = false) {
        self.database = database
        self.modelConfigured = modelConfigured
    }

    /// Creates a campaign with `fields`. Throws the ``ValidationError`` of every broken rule, writing nothing.
    package func create(_ fields: CampaignFields, organizationID: Organization.ID, ids: IDGenerator, at now: Date) async throws -> Campaign {
        try await database.transaction { sql in
            var references = try await Self.references(
                openingTemplateID: fields.openingMessageTemplateID, meetingTemplateID: fields.calendarMeetingTemplateID,
                ownerEmail: fields.ownerEmail, organizationID: organizationID, on: sql
            )
            references.modelConfigured = modelConfigured
            let settings = try fields.newSettings(references)
            let newID: Campaign.ID = ids.next()
            try await Self.checkExternalID(settings, of: newID, organizationID: organizationID, on: sql)
            let agent = try await AgentRepository.findOrCreate(
                organizationID: organizationID, name: settings.agentName, tone: settings.agentTone, newID: ids.next(), at: now, on: sql
            )
            let campaign = Campaign(
                id: newID, organizationID: organizationID, settings: settings, agentID: agent.id, createdAt: now, updatedAt: now
            )
            try await sql.insert(into: "campaigns").model(try CampaignRecord(campaign)).run()
            return campaign
        }
    }

    /// Applies `changes` to the organization's campaign; `nil` when there is no such campaign. Throws the
    /// ``ValidationError`` of every broken rule, writing nothing.
    package func update(
        _ id: Campaign.ID,
        organizationID: Organization.ID,
        changes: CampaignFields,
        ids: IDGenerator,
        at now: Date
    ) async throws -> Campaign? {
        try await database.transaction { sql in
            guard var campaign = try await Self.find(id, organizationID: organizationID, lock: true, on: sql) else { return nil }
            let merged = changes.merged(into: campaign.settings)
            var references = try await Self.references(
                openingTemplateID: merged.openingMessageTemplateID, meetingTemplateID: merged.calendarMeetingTemplateID,
                ownerEmail: merged.ownerEmail, organizationID: organizationID, on: sql
            )
            references.modelConfigured = modelConfigured
            let settings = try changes.applied(to: campaign.settings, references)
            try await Self.checkExternalID(settings, of: campaign.id, organizationID: organizationID, on: sql)
            let agent = try await AgentRepository.findOrCreate(
                organizationID: organizationID, name: settings.agentName, tone: settings.agentTone, newID: ids.next(), at: now, on: sql
            )
            let wasArchived = campaign.settings.status == .archived
            campaign.settings = settings
            campaign.agentID = agent.id
            campaign.updatedAt = now
            try await Self.save(campaign, cancellationMessage: nil, on: sql)
            if !wasArchived, settings.status == .archived {
                try await ConversationRepository.closeAll(ofCampaign: campaign, message: nil, ids: ids, at: now, on: sql)
            }
            return campaign
        }
    }

    /// Archives the organization's campaign and closes its active conversations, sending `cancellationMessage` to
    /// those that had started; `nil` when there is no such campaign. An archived campaign is returned unchanged.
    package func stop(
        _ id: Campaign.ID,
        organizationID: Organization.ID,
        cancellationMessage: String?,
        ids: IDGenerator,
        at now: Date
    ) async throws -> Campaign? {
        var validator = Validator()
        validator.text(cancellationMessage, "cancellationMessage", .message)
        try validator.finish()
        return try await database.transaction { sql in
            guard var campaign = try await Self.find(id, organizationID: organizationID, lock: true, on: sql) else { return nil }
            guard campaign.settings.status != .archived else { return campaign }
            campaign.settings.status = .archived
            campaign.updatedAt = now
            try await Self.save(campaign, cancellationMessage: cancellationMessage, on: sql)
            try await ConversationRepository.closeAll(ofCampaign: campaign, message: cancellationMessage, ids: ids, at: now, on: sql)
            return campaign
        }
    }

    /// The organization's campaign with this id.
    package func find(_ id: Campaign.ID, organizationID: Organization.ID) async throws -> Campaign? {
        try await database.read { sql in try await Self.find(id, organizationID: organizationID, lock: false, on: sql) }
    }

    /// One page of the organization's campaigns, newest first.
    ///
    /// - Parameter nextToken: The token of the previous page; throws a ``ValidationError`` for one this
    ///   server did not issue.
    package func list(organizationID: Organization.ID, filter: CampaignFilter, limit: Int, nextToken: String?) async throws -> Page<Campaign> {
        let after = try PageCursor.parse(nextToken)
        return try await database.read { sql in
            var query = Self.selectCampaigns(on: sql)
                .where(SQLColumn("organization_id", table: "campaigns"), .equal, SQLBind(organizationID.uuidString))
            if let status = filter.status { query = query.where(SQLColumn("status", table: "campaigns"), .equal, SQLBind(status.rawValue)) }
            if let type = filter.type { query = query.where(SQLColumn("type", table: "campaigns"), .equal, SQLBind(type.rawValue)) }
            if let channel = filter.channel { query = query.where(SQLColumn("channel", table: "campaigns"), .equal, SQLBind(channel.rawValue)) }
            let rows = try await query.newestFirst(in: "campaigns", after: after, limit: limit).all()
            let campaigns = try rows.prefix(limit).map(Self.campaign(from:))
            let next = PageCursor.nextToken(rows: rows.count, limit: limit, last: campaigns.last) {
                PageCursor(key: $0.createdAt.millisecondsSince1970, id: $0.id.uuidString)
            }
            return Page(items: campaigns, nextToken: next)
        }
    }

    // MARK: Statements

    /// Refuses an `externalCampaignId` that another campaign of the organization, not archived, already uses.
    private static func checkExternalID(
        _ settings: CampaignSettings,
        of id: Campaign.ID,
        organizationID: Organization.ID,
        on sql: any SQLDatabase
    ) async throws {
        guard let externalID = settings.externalCampaignID, settings.status != .archived else { return }
        guard let other = try await find(externalID: externalID, organizationID: organizationID, on: sql), other.id != id else { return }
        throw ValidationError(field: "externalCampaignId", rule: "is already used by campaign \(other.id)")
    }

    /// The organization's campaign, not archived, with this external id.
    package static func find(externalID: String, organizationID: Organization.ID, on sql: any SQLDatabase) async throws -> Campaign? {
        try await selectCampaigns(on: sql)
            .where(SQLColumn("organization_id", table: "campaigns"), .equal, SQLBind(organizationID.uuidString))
            .where(SQLColumn("external_campaign_id", table: "campaigns"), .equal, SQLBind(externalID))
            .where(SQLColumn("status", table: "campaigns"), .notEqual, SQLBind(CampaignStatus.archived.rawValue))
            .first()
            .map(campaign(from:))
    }

    private static func selectCampaigns(on sql: any SQLDatabase) -> SQLSelectBuilder {
        sql.select()
            .column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("campaigns")))
            .column(SQLAlias(SQLColumn("name", table: "agents"), as: SQLIdentifier("agent_name")))
            .column(SQLAlias(SQLColumn("tone", table: "agents"), as: SQLIdentifier("agent_tone")))
            .column(
                SQLAlias(
                    SQLQueryString(
                        "EXISTS (SELECT 1 FROM conversations WHERE conversations.campaign_id = campaigns.id AND conversations.needs_review = TRUE)"
                    ),
                    as: SQLIdentifier("any_needs_review")
                )
            )
            .from("campaigns")
            .join("agents", on: SQLColumn("id", table: "agents"), .equal, SQLColumn("agent_id", table: "campaigns"))
    }

    package static func find(_ id: Campaign.ID, organizationID: Organization.ID, lock: Bool, on sql: any SQLDatabase) async throws -> Campaign? {
        var query = selectCampaigns(on: sql)
            .where(SQLColumn("id", table: "campaigns"), .equal, SQLBind(id.uuidString))
            .where(SQLColumn("organization_id", table: "campaigns"), .equal, SQLBind(organizationID.uuidString))
        // SQLite's BEGIN IMMEDIATE already holds the write lock; PostgreSQL locks the row.
        if lock, sql.dialect.name == "postgresql" {
            query = query.for(.update)
        }
        return try await query.first().map(campaign(from:))
    }

    private static func save(_ campaign: Campaign, cancellationMessage: String?, on sql: any SQLDatabase) async throws {
        try await sql.update("campaigns")
            .set(
                model: try CampaignRecord(campaign, cancellationMessage: cancellationMessage),
                nilEncodingStrategy: .asNil
            )
            .where("id", .equal, SQLBind(campaign.id.uuidString))
            .where("organization_id", .equal, SQLBind(campaign.organizationID.uuidString))
            .run()
    }

    private static func campaign(from row: any SQLRow) throws -> Campaign {
        let record = try row.decode(model: CampaignRecord.self)
        guard let tone = AgentTone(rawValue: try row.decode(column: "agent_tone", as: String.self)) else {
            throw StoreError.corruptRow("agents")
        }
        var campaign = try record.campaign(agentName: try row.decode(column: "agent_name", as: String.self), agentTone: tone)
        campaign.needsReview = try row.decode(column: "any_needs_review", as: Bool.self)
        return campaign
    }

    /// Looks up, within the organization, the records a campaign points at.
    private static func references(
        openingTemplateID: MessageTemplate.ID?,
        meetingTemplateID: String?,
        ownerEmail: String?,
        organizationID: Organization.ID,
        on sql: any SQLDatabase
    ) async throws -> CampaignReferences {
        var template: MessageTemplate?
        if let openingTemplateID {
            template = try await MessageTemplateRepository.find(openingTemplateID, organizationID: organizationID, on: sql)
        }
        var meetingTemplateExists = false
        if let meetingTemplateID = meetingTemplateID.flatMap(MeetingTemplate.ID.init(uuidString:)) {
            meetingTemplateExists = try await MeetingTemplateRepository.find(meetingTemplateID, organizationID: organizationID, on: sql) != nil
        }
        var ownerIsUser = false
        if let ownerEmail {
            ownerIsUser =
                try await sql.select().column("id").from("users").where("organization_id", .equal, SQLBind(organizationID.uuidString))
                .where("email", .equal, SQLBind(ownerEmail.lowercased())).first() != nil
        }
        return CampaignReferences(openingTemplate: template, meetingTemplateExists: meetingTemplateExists, ownerIsOrganizationUser: ownerIsUser)
    }
}
