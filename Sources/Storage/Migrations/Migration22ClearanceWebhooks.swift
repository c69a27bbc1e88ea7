import GRDB

/// Traders' webhooks for their declarations' milestones (issue #24, Clearance): a trader is told
/// when documents are asked for and when its goods are released, by the signed delivery that
/// tracking alerts use. The deliveries are an outbox written in the milestone's transaction.
enum Migration22ClearanceWebhooks: SchemaMigration {
    static let identifier = "v22-clearance-webhooks"

    static func migrate(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE clearance_webhook (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    party TEXT NOT NULL,
                    url TEXT NOT NULL,
                    secret TEXT NOT NULL,
                    codes TEXT NOT NULL,
                    active INTEGER NOT NULL DEFAULT 1,
                    created_at TEXT NOT NULL,
                    created_by TEXT NOT NULL
                );
                CREATE INDEX clearance_webhook_party ON clearance_webhook(party) WHERE active = 1;
                CREATE TABLE clearance_delivery (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    webhook_id INTEGER NOT NULL REFERENCES clearance_webhook(id) ON DELETE CASCADE,
                    milestone_id INTEGER NOT NULL REFERENCES milestone(id) ON DELETE CASCADE,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at REAL NOT NULL,
                    delivered_at TEXT,
                    failed_at TEXT,
                    last_status INTEGER,
                    last_error TEXT,
                    UNIQUE (webhook_id, milestone_id)
                );
                CREATE INDEX clearance_delivery_due ON clearance_delivery(next_attempt_at) WHERE delivered_at IS NULL AND failed_at IS NULL;
                """)
    }
}
