import GRDB

/// Amendments and inspection acts (issue #24, Clearance): each version of a declaration's goods
/// items after the first (the first stays in `goods_item`, as lodged), and the acts examiners
/// close examinations with.
enum Migration21InspectionActs: SchemaMigration {
    static let identifier = "v21-inspection-acts"

    static func migrate(_ db: Database) throws {
        try db.execute(
            sql: """
                -- Version 2 and later of a declaration's goods items, as JSON; version 1 is the
                -- declaration as lodged.
                CREATE TABLE declaration_version (
                    declaration_seq INTEGER NOT NULL REFERENCES declaration(seq) ON DELETE CASCADE,
                    version INTEGER NOT NULL,
                    items TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    amended_at TEXT NOT NULL,
                    actor_kind TEXT NOT NULL,
                    actor_id TEXT NOT NULL,
                    PRIMARY KEY (declaration_seq, version)
                ) WITHOUT ROWID;

                -- The act that closed an examination: on which version, by whom, and what it found.
                CREATE TABLE inspection_act (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    declaration_seq INTEGER NOT NULL REFERENCES declaration(seq) ON DELETE CASCADE,
                    version INTEGER NOT NULL,
                    examined_at TEXT NOT NULL,
                    examiner TEXT NOT NULL,
                    act TEXT NOT NULL
                );
                CREATE INDEX inspection_act_declaration ON inspection_act(declaration_seq, id);
                """)
    }
}
