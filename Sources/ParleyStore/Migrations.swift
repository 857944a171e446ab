import Foundation
package import Logging
import ParleyCore
import SQLKit

/// The versioned schema. Each migration runs once, in order, inside one transaction with the others that are
/// due, so a crash never leaves a half-migrated database. The same SQL serves SQLite and PostgreSQL: ids are
/// 36-character UUID text and times are milliseconds since 1970 (`BIGINT`), so both engines store the same values.
package enum Migrations {
    /// One step of the schema.
    struct Migration: Sendable {
        var version: Int
        var name: String
        var statements: [String]
    }

    /// Every migration, oldest first. Append only: never edit a migration that has shipped.
    static let all: [Migration] = [
        Migration(
            version: 1,
            name: "organizations, API keys, agents, templates and campaigns",
            statements: [
                """
                CREATE TABLE organizations (
                    id VARCHAR(36) PRIMARY KEY,
                    name TEXT NOT NULL,
                    created_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE api_keys (
                    id VARCHAR(36) PRIMARY KEY,
                    organization_id VARCHAR(36) NOT NULL REFERENCES organizations (id),
                    name TEXT NOT NULL,
                    prefix VARCHAR(32) NOT NULL UNIQUE,
                    key_hash VARCHAR(64) NOT NULL,
                    last_four VARCHAR(4) NOT NULL,
                    created_at BIGINT NOT NULL,
                    expires_at BIGINT,
                    revoked_at BIGINT
                )
                """,
                "CREATE INDEX api_keys_by_organization ON api_keys (organization_id, created_at)",
                """
                CREATE TABLE agents (
                    id VARCHAR(36) PRIMARY KEY,
                    organization_id VARCHAR(36) NOT NULL REFERENCES organizations (id),
                    name TEXT NOT NULL,
                    tone VARCHAR(32) NOT NULL,
                    created_at BIGINT NOT NULL,
                    UNIQUE (organization_id, name, tone)
                )
                """,
                """
                CREATE TABLE message_templates (
                    id VARCHAR(36) PRIMARY KEY,
                    organization_id VARCHAR(36) NOT NULL REFERENCES organizations (id),
                    kind VARCHAR(32) NOT NULL,
                    channel VARCHAR(16) NOT NULL,
                    campaign_type VARCHAR(32) NOT NULL,
                    name TEXT NOT NULL,
                    content TEXT NOT NULL,
                    created_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX message_templates_by_organization ON message_templates (organization_id, created_at)",
                """
                CREATE TABLE campaigns (
                    id VARCHAR(36) PRIMARY KEY,
                    organization_id VARCHAR(36) NOT NULL REFERENCES organizations (id),
                    agent_id VARCHAR(36) NOT NULL REFERENCES agents (id),
                    type VARCHAR(32) NOT NULL,
                    channel VARCHAR(16) NOT NULL,
                    status VARCHAR(16) NOT NULL,
                    title TEXT NOT NULL,
                    description TEXT NOT NULL,
                    closing_method VARCHAR(32) NOT NULL,
                    closing_message TEXT,
                    rejection_message TEXT,
                    custom_message TEXT,
                    contact_number VARCHAR(16),
                    meeting_url TEXT,
                    calendar_meeting_template_id TEXT,
                    company TEXT,
                    location TEXT,
                    questions TEXT NOT NULL,
                    additional_context TEXT,
                    conversation_timeout_hours INTEGER NOT NULL,
                    owner_email TEXT,
                    opening_message_template_id VARCHAR(36) REFERENCES message_templates (id),
                    custom_templated_message TEXT,
                    custom_request TEXT,
                    email_channel_fallback_enabled BOOLEAN,
                    cancellation_message TEXT,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX campaigns_newest_first ON campaigns (organization_id, created_at DESC, id DESC)",
            ]
        ),
        Migration(
            version: 2,
            name: "durable jobs",
            statements: [
                """
                CREATE TABLE jobs (
                    id VARCHAR(36) PRIMARY KEY,
                    organization_id VARCHAR(36) REFERENCES organizations (id),
                    kind VARCHAR(64) NOT NULL,
                    payload TEXT NOT NULL,
                    status VARCHAR(16) NOT NULL,
                    run_at BIGINT NOT NULL,
                    attempts INTEGER NOT NULL,
                    max_attempts INTEGER NOT NULL,
                    lease_owner TEXT,
                    lease_until BIGINT,
                    last_error TEXT,
                    idempotency_key TEXT UNIQUE,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX jobs_due ON jobs (status, run_at)",
            ]
        ),
        Migration(
            version: 3,
            name: "conversations and messages",
            statements: [
                """
                CREATE TABLE conversations (
                    id VARCHAR(36) PRIMARY KEY,
                    organization_id VARCHAR(36) NOT NULL REFERENCES organizations (id),
                    campaign_id VARCHAR(36) NOT NULL REFERENCES campaigns (id),
                    channel VARCHAR(16) NOT NULL,
                    contact TEXT NOT NULL,
                    status VARCHAR(32) NOT NULL,
                    first_name TEXT NOT NULL,
                    last_name TEXT,
                    phone_number VARCHAR(16),
                    email_address TEXT,
                    external_id TEXT,
                    application_source TEXT,
                    opening_message TEXT,
                    needs_review BOOLEAN NOT NULL,
                    is_human_takeover BOOLEAN NOT NULL,
                    outcomes TEXT NOT NULL,
                    clarification_asked BOOLEAN NOT NULL,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX conversations_newest_first ON conversations (organization_id, created_at DESC, id DESC)",
                "CREATE INDEX conversations_by_contact ON conversations (organization_id, channel, contact, status)",
                """
                CREATE TABLE messages (
                    id VARCHAR(36) PRIMARY KEY,
                    organization_id VARCHAR(36) NOT NULL REFERENCES organizations (id),
                    conversation_id VARCHAR(36) NOT NULL REFERENCES conversations (id),
                    position INTEGER NOT NULL,
                    role VARCHAR(16) NOT NULL,
                    content TEXT NOT NULL,
                    channel VARCHAR(16) NOT NULL,
                    delivery_status VARCHAR(16) NOT NULL,
                    provider_message_id TEXT,
                    processed_at BIGINT,
                    created_at BIGINT NOT NULL,
                    UNIQUE (conversation_id, position)
                )
                """,
                """
                CREATE TABLE unmatched_inbound (
                    id VARCHAR(36) PRIMARY KEY,
                    organization_id VARCHAR(36) NOT NULL REFERENCES organizations (id),
                    channel VARCHAR(16) NOT NULL,
                    contact TEXT NOT NULL,
                    content TEXT NOT NULL,
                    received_at BIGINT NOT NULL
                )
                """,
            ]
        ),
        Migration(
            version: 4,
            name: "external campaign ids",
            statements: [
                "ALTER TABLE campaigns ADD COLUMN external_campaign_id TEXT",
                "ALTER TABLE conversations ADD COLUMN external_campaign_id TEXT",
                """
                CREATE UNIQUE INDEX campaigns_by_external_id ON campaigns (organization_id, external_campaign_id)
                WHERE external_campaign_id IS NOT NULL AND status <> 'ARCHIVED'
                """,
            ]
        ),
        Migration(
            version: 5,
            name: "opt-outs",
            statements: [
                """
                CREATE TABLE opt_outs (
                    organization_id VARCHAR(36) NOT NULL REFERENCES organizations (id),
                    channel VARCHAR(16) NOT NULL,
                    contact TEXT NOT NULL,
                    conversation_id VARCHAR(36) NOT NULL REFERENCES conversations (id),
                    created_at BIGINT NOT NULL,
                    PRIMARY KEY (organization_id, channel, contact)
                )
                """
            ]
        ),
        Migration(
            version: 6,
            name: "business hours",
            statements: ["ALTER TABLE conversations ADD COLUMN send_during_business_hours BOOLEAN NOT NULL DEFAULT FALSE"]
        ),
        Migration(
            version: 7,
            name: "conversations by campaign",
            // Every campaign read asks whether one of its conversations needs review; without this index that
            // question scans the organization's conversations.
            statements: ["CREATE INDEX conversations_by_campaign ON conversations (campaign_id, needs_review)"]
        ),
        Migration(
            version: 8,
            name: "follow-ups, timeouts, events and business hours",
            statements: [
                "ALTER TABLE campaigns ADD COLUMN max_nudges INTEGER NOT NULL DEFAULT 2",
                "ALTER TABLE campaigns ADD COLUMN nudge_interval_hours INTEGER NOT NULL DEFAULT 8",
                "ALTER TABLE campaigns ADD COLUMN agent_kind VARCHAR(16) NOT NULL DEFAULT 'BUILT_IN'",
                "ALTER TABLE conversations ADD COLUMN nudges_sent INTEGER NOT NULL DEFAULT 0",
                "ALTER TABLE conversations ADD COLUMN human_requested BOOLEAN NOT NULL DEFAULT FALSE",
                "ALTER TABLE conversations ADD COLUMN review_reason TEXT",
                "ALTER TABLE conversations ADD COLUMN awaiting_reply_since BIGINT",
                "ALTER TABLE organizations ADD COLUMN business_hours TEXT",
                // The outbox: each conversation event is written in the transaction of the change that causes it.
                """
                CREATE TABLE conversation_events (
                    id VARCHAR(36) PRIMARY KEY,
                    organization_id VARCHAR(36) NOT NULL REFERENCES organizations (id),
                    conversation_id VARCHAR(36) NOT NULL REFERENCES conversations (id),
                    event VARCHAR(64) NOT NULL,
                    data TEXT NOT NULL,
                    created_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX conversation_events_by_conversation ON conversation_events (conversation_id, created_at)",
                """
                CREATE TABLE model_usage (
                    conversation_id VARCHAR(36) PRIMARY KEY REFERENCES conversations (id),
                    organization_id VARCHAR(36) NOT NULL REFERENCES organizations (id),
                    calls INTEGER NOT NULL,
                    prompt_tokens INTEGER NOT NULL,
                    completion_tokens INTEGER NOT NULL,
                    latency_ms BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
            ]
        ),
        Migration(
            version: 9,
            name: "webhooks",
            statements: [
                """
                CREATE TABLE webhooks (
                    id VARCHAR(36) PRIMARY KEY,
                    organization_id VARCHAR(36) NOT NULL REFERENCES organizations (id),
                    url TEXT NOT NULL,
                    events TEXT NOT NULL,
                    description TEXT,
                    is_active BOOLEAN NOT NULL,
                    secret TEXT NOT NULL,
                    previous_secret TEXT,
                    previous_secret_expires_at BIGINT,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX webhooks_by_organization ON webhooks (organization_id, created_at)",
                """
                CREATE TABLE webhook_deliveries (
                    id VARCHAR(36) PRIMARY KEY,
                    organization_id VARCHAR(36) NOT NULL REFERENCES organizations (id),
                    webhook_id VARCHAR(36) NOT NULL REFERENCES webhooks (id),
                    event_id VARCHAR(36) NOT NULL REFERENCES conversation_events (id),
                    status VARCHAR(16) NOT NULL,
                    attempts INTEGER NOT NULL,
                    next_attempt_at BIGINT,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, created_at)",
                """
                CREATE TABLE webhook_attempts (
                    id VARCHAR(36) PRIMARY KEY,
                    delivery_id VARCHAR(36) NOT NULL REFERENCES webhook_deliveries (id),
                    attempted_at BIGINT NOT NULL,
                    status_code INTEGER,
                    duration_ms INTEGER NOT NULL,
                    error TEXT
                )
                """,
                "CREATE INDEX webhook_attempts_by_delivery ON webhook_attempts (delivery_id, attempted_at)",
                // Server-wide values, such as the generated key that encrypts webhook secrets when none is configured.
                "CREATE TABLE server_settings (name VARCHAR(64) PRIMARY KEY, value TEXT NOT NULL)",
            ]
        ),
        Migration(
            version: 10,
            name: "channel connections",
            statements: [
                """
                CREATE TABLE channel_connections (
                    id VARCHAR(36) PRIMARY KEY,
                    organization_id VARCHAR(36) NOT NULL REFERENCES organizations (id),
                    channel VARCHAR(16) NOT NULL,
                    provider VARCHAR(16) NOT NULL,
                    sender TEXT NOT NULL,
                    api_base_url TEXT NOT NULL,
                    credentials TEXT NOT NULL,
                    messages_per_second DOUBLE PRECISION NOT NULL,
                    whatsapp_template TEXT,
                    next_send_at BIGINT NOT NULL,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    UNIQUE (organization_id, channel)
                )
                """,
                // The moment a message's turn at its sender's pace comes, once reserved.
                "ALTER TABLE messages ADD COLUMN send_at BIGINT",
                // Set just before the message is handed to the provider: a message found with it set but not sent was
                // interrupted mid-send, and is never sent again.
                "ALTER TABLE messages ADD COLUMN send_started_at BIGINT",
                // Each provider message (sid, wamid, Message-ID) is stored once per organization, however often it is
                // delivered to us; the same email sent to two companies is one message at each.
                """
                CREATE UNIQUE INDEX messages_by_provider_id ON messages (organization_id, channel, provider_message_id)
                WHERE provider_message_id IS NOT NULL
                """,
            ]
        ),
        Migration(
            version: 11,
            name: "meeting templates",
            statements: [
                """
                CREATE TABLE meeting_templates (
                    id VARCHAR(36) PRIMARY KEY,
                    organization_id VARCHAR(36) NOT NULL REFERENCES organizations (id),
                    title TEXT NOT NULL,
                    definition TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    deleted_at BIGINT
                )
                """,
                "CREATE INDEX meeting_templates_by_organization ON meeting_templates (organization_id, created_at)",
            ]
        ),
        Migration(
            version: 12,
            name: "bookings",
            statements: [
                """
                CREATE TABLE bookings (
                    id VARCHAR(36) PRIMARY KEY,
                    organization_id VARCHAR(36) NOT NULL REFERENCES organizations (id),
                    conversation_id VARCHAR(36) NOT NULL REFERENCES conversations (id),
                    campaign_id VARCHAR(36) NOT NULL REFERENCES campaigns (id),
                    meeting_template_id VARCHAR(36) NOT NULL REFERENCES meeting_templates (id),
                    status VARCHAR(16) NOT NULL,
                    start_at BIGINT NOT NULL,
                    end_at BIGINT NOT NULL,
                    sequence INTEGER NOT NULL,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX bookings_by_template ON bookings (meeting_template_id, status, start_at)",
                "CREATE INDEX bookings_by_organization ON bookings (organization_id, created_at)",
                // A conversation books one interview at a time.
                "CREATE UNIQUE INDEX bookings_one_per_conversation ON bookings (conversation_id) WHERE status = 'SCHEDULED'",
            ]
        ),
        Migration(
            version: 13,
            name: "scheduling in conversations, calendars and invites",
            statements: [
                // The meeting times offered in the conversation, as JSON, while the candidate may pick one.
                "ALTER TABLE conversations ADD COLUMN offered_slots TEXT",
                // A conversation's own meeting template (POST /v1/scheduling/conversations).
                "ALTER TABLE conversations ADD COLUMN meeting_template_id VARCHAR(36) REFERENCES meeting_templates (id)",
                // A participant's CalDAV calendar, by email address; the password is sealed.
                """
                CREATE TABLE calendar_connections (
                    id VARCHAR(36) PRIMARY KEY,
                    organization_id VARCHAR(36) NOT NULL REFERENCES organizations (id),
                    email TEXT NOT NULL,
                    calendar_url TEXT NOT NULL,
                    username TEXT NOT NULL,
                    sealed_password TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
                "CREATE UNIQUE INDEX calendar_connections_by_email ON calendar_connections (organization_id, email)",
                // One row per invite email and booking version: written before the email is handed to the relay, so
                // an invite is never sent twice, even across a crash.
                """
                CREATE TABLE calendar_invites (
                    booking_id VARCHAR(36) NOT NULL REFERENCES bookings (id),
                    sequence INTEGER NOT NULL,
                    recipient TEXT NOT NULL,
                    organization_id VARCHAR(36) NOT NULL REFERENCES organizations (id),
                    method VARCHAR(16) NOT NULL,
                    status VARCHAR(16) NOT NULL,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    PRIMARY KEY (booking_id, sequence, recipient)
                )
                """,
            ]
        ),
        Migration(
            version: 14,
            name: "dashboard users and sessions",
            statements: [
                // Email is lowercased and unique across the server: it is what a person signs in with.
                """
                CREATE TABLE users (
                    id VARCHAR(36) PRIMARY KEY,
                    organization_id VARCHAR(36) NOT NULL REFERENCES organizations (id),
                    email TEXT NOT NULL UNIQUE,
                    password_hash TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX users_by_organization ON users (organization_id, created_at)",
                // Only a hash of each session token is stored, as for API keys.
                """
                CREATE TABLE sessions (
                    token_hash VARCHAR(64) PRIMARY KEY,
                    user_id VARCHAR(36) NOT NULL REFERENCES users (id),
                    organization_id VARCHAR(36) NOT NULL REFERENCES organizations (id),
                    csrf_token TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    expires_at BIGINT NOT NULL
                )
                """,
                // Failed sign-ins by email (lowercased) and moment, for throttling.
                "CREATE TABLE sign_in_failures (email TEXT NOT NULL, failed_at BIGINT NOT NULL)",
                "CREATE INDEX sign_in_failures_by_email ON sign_in_failures (email, failed_at)",
            ]
        ),
        Migration(
            version: 15,
            name: "idempotency keys",
            statements: [
                // One row per organization and Idempotency-Key: the request's fingerprint, and its response once
                // answered (no response yet: the first request is still being handled).
                """
                CREATE TABLE idempotency_keys (
                    organization_id VARCHAR(36) NOT NULL REFERENCES organizations (id),
                    idempotency_key VARCHAR(255) NOT NULL,
                    request_hash VARCHAR(64) NOT NULL,
                    response_status INTEGER,
                    response_content_type TEXT,
                    response_body TEXT,
                    created_at BIGINT NOT NULL,
                    expires_at BIGINT NOT NULL,
                    PRIMARY KEY (organization_id, idempotency_key)
                )
                """,
                "CREATE INDEX idempotency_keys_by_expiry ON idempotency_keys (expires_at)",
            ]
        ),
        Migration(
            version: 16,
            name: "job concurrency keys",
            statements: [
                // Jobs sharing a key (the deliveries to one webhook) are limited in how many one worker runs at once.
                "ALTER TABLE jobs ADD COLUMN concurrency_key TEXT",
                // Deliveries queued before: the payload is {"deliveryId":"<36 characters>"}.
                """
                UPDATE jobs SET concurrency_key = (
                    SELECT 'webhook:' || d.webhook_id FROM webhook_deliveries d WHERE d.id = substr(jobs.payload, 16, 36)
                )
                WHERE kind = 'webhook.deliver' AND status IN ('PENDING', 'RUNNING')
                """,
            ]
        ),
    ]

    /// Applies every migration the database has not seen yet. Safe to run from several processes at once:
    /// PostgreSQL serialises them with an advisory lock, SQLite with its write lock.
    package static func run(on database: Database, logger: Logger) async throws {
        try await database.transaction { sql in
            if database.kind == .postgres {
                // One lock for each schema: the servers of one schema migrate one at a time, and a server of
                // another schema in the same database (a second deployment, a test) never waits for them.
                try await sql.raw("SELECT pg_advisory_xact_lock(hashtextextended(coalesce(current_schema(), ''), 7274253900))").run()
            }
            try await sql.raw(
                """
                CREATE TABLE IF NOT EXISTS parley_migrations (
                    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL
                )
                """
            ).run()
            let applied = Set(try await sql.raw("SELECT version FROM parley_migrations").all().map { try $0.decode(column: "version", as: Int.self) })
            for migration in all where !applied.contains(migration.version) {
                for statement in migration.statements {
                    try await sql.raw(SQLQueryString(statement)).run()
                }
                try await sql.insert(into: "parley_migrations")
                    .columns("version", "name", "applied_at")
                    .values(SQLBind(migration.version), SQLBind(migration.name), SQLBind(Date().millisecondsSince1970))
                    .run()
                logger.info("Applied migration", metadata: ["parley.migration.version": "\(migration.version)"])
            }
        }
    }
}
