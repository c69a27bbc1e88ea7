import GRDB

/// The declaration's life (issue #24, Clearance): its state as the clearance state machine left
/// it, and the append-only milestone log the Time Release Study reads.
///
/// Declarations stored before this version have no `clearance` row: they are read as their
/// timeline says (released when `released_at` is set, risk-assessed when a decision exists,
/// lodged otherwise), and so are imported historical declarations, which never enter live
/// clearance. A row is written when a declaration takes its first step through Portunus.
enum Migration19Clearance: SchemaMigration {
    static let identifier = "v19-clearance"

    static func migrate(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE clearance (
                    declaration_seq INTEGER PRIMARY KEY REFERENCES declaration(seq) ON DELETE CASCADE,
                    stage TEXT NOT NULL,
                    lane TEXT,
                    arrived INTEGER NOT NULL DEFAULT 0,
                    duties_settled INTEGER NOT NULL DEFAULT 0,
                    agency_holds TEXT NOT NULL DEFAULT '[]',
                    pending_samples INTEGER NOT NULL DEFAULT 0,
                    version INTEGER NOT NULL DEFAULT 1,
                    post_clearance_audit INTEGER NOT NULL DEFAULT 0,
                    examined INTEGER NOT NULL DEFAULT 0,
                    documents_checked INTEGER NOT NULL DEFAULT 0,
                    updated_at TEXT NOT NULL
                );
                CREATE INDEX clearance_stage ON clearance(stage);

                -- Append-only: one row per step, in the transaction of the step. An event from
                -- another system carries its idempotency key, so a replay finds its row and
                -- changes nothing.
                CREATE TABLE milestone (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    declaration_seq INTEGER NOT NULL REFERENCES declaration(seq) ON DELETE CASCADE,
                    code TEXT NOT NULL,
                    at TEXT NOT NULL,
                    office TEXT,
                    actor_kind TEXT NOT NULL,
                    actor_id TEXT NOT NULL,
                    source TEXT NOT NULL,
                    attributes TEXT NOT NULL DEFAULT '{}',
                    idempotency_key TEXT UNIQUE
                );
                CREATE INDEX milestone_declaration ON milestone(declaration_seq, id);
                CREATE INDEX milestone_code_at ON milestone(code, at);
                """)
    }
}
