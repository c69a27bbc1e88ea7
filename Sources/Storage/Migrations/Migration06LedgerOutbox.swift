import GRDB

/// The ledger outbox: entries written in the act's own transaction, appended to the log afterwards.
enum Migration06LedgerOutbox: SchemaMigration {
    static let identifier = "v6-ledger-outbox"

    static func migrate(_ db: Database) throws {
        try db.execute(
            sql: """
                -- Entries for the verifiable ledger, written in the same transaction as the act
                -- they record (a decision, a re-route, an unmasking…), then appended to the log
                -- in seq order by the one ledger writer, which fills in ledger_index. A crash
                -- between the two loses nothing: pending rows are appended on the next start.
                CREATE TABLE ledger_outbox (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    type TEXT NOT NULL,
                    entry BLOB NOT NULL,
                    created_at TEXT NOT NULL,
                    subject TEXT,
                    ledger_index INTEGER UNIQUE,
                    -- The salts of the entry's commitments (JSON); they never leave the database.
                    secrets TEXT
                );
                CREATE INDEX ledger_outbox_pending ON ledger_outbox(seq) WHERE ledger_index IS NULL;
                CREATE INDEX ledger_outbox_subject ON ledger_outbox(type, subject);
                """)
    }
}
