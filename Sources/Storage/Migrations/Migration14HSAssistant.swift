import GRDB

/// The classification assistant: extra description lines, officers' confirmed classifications, generations and cached embeddings.
enum Migration14HSAssistant: SchemaMigration {
    static let identifier = "v14-hs-assistant"

    static func migrate(_ db: Database) throws {
        try db.execute(
            sql: """
                -- Extra description lines per subheading for the classification assistant: national
                -- tariff texts such as the EU CN8 lines, one source replaced at a time.
                CREATE TABLE hs_text (
                    id INTEGER PRIMARY KEY,
                    edition INTEGER NOT NULL,
                    code TEXT NOT NULL,
                    source TEXT NOT NULL,
                    reference TEXT NOT NULL,
                    text TEXT NOT NULL,
                    UNIQUE (source, reference)
                );
                CREATE INDEX hs_text_code ON hs_text(edition, code);
                -- Classifications confirmed by officers and binding rulings: the administration's
                -- own labelled examples, which the assistant learns from.
                CREATE TABLE hs_classification (
                    id INTEGER PRIMARY KEY,
                    edition INTEGER NOT NULL,
                    code TEXT NOT NULL,
                    text TEXT NOT NULL,
                    source TEXT NOT NULL CHECK (source IN ('officer', 'ruling')),
                    reference TEXT,
                    declaration_id TEXT,
                    confirmed_by TEXT NOT NULL,
                    confirmed_at TEXT NOT NULL,
                    withdrawn_at TEXT,
                    withdrawn_by TEXT
                );
                CREATE INDEX hs_classification_code ON hs_classification(edition, code);
                -- Sentence embeddings of nomenclature texts, keyed by the model's hash and the
                -- text's SHA-256: a new model or a changed text misses the cache and is encoded anew.
                -- Bumped by every change to what the assistant's index is built from (nomenclature,
                -- description lines, confirmed classifications), so that any process sees a change.
                CREATE TABLE hs_generation (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    value INTEGER NOT NULL
                );
                CREATE TABLE hs_embedding (
                    model TEXT NOT NULL,
                    text_hash BLOB NOT NULL,
                    vector BLOB NOT NULL,
                    PRIMARY KEY (model, text_hash)
                ) WITHOUT ROWID;
                """)
    }
}
