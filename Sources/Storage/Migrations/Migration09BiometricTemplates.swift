import GRDB

/// Biometric templates by gallery, and every verification and search.
enum Migration09BiometricTemplates: SchemaMigration {
    static let identifier = "v9-biometric-templates"

    static func migrate(_ db: Database) throws {
        try db.execute(
            sql: """
                -- Biometric templates by gallery: fixed-length float vectors (little-endian
                -- float32, L2-normalised) of one extractor and version. Personal data.
                CREATE TABLE biometric_template (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    gallery TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    extractor TEXT NOT NULL,
                    version TEXT NOT NULL,
                    dimension INTEGER NOT NULL,
                    vector BLOB NOT NULL,
                    created_at TEXT NOT NULL,
                    created_by TEXT NOT NULL,
                    removed_at TEXT
                );
                CREATE INDEX biometric_template_gallery ON biometric_template(gallery, removed_at);
                -- Every verification and search: who, what, how many candidates, the best score and the decision.
                CREATE TABLE biometric_search (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at TEXT NOT NULL,
                    key_id TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    gallery TEXT NOT NULL,
                    extractor TEXT NOT NULL,
                    candidates INTEGER NOT NULL,
                    best_score REAL,
                    decision TEXT NOT NULL
                );
                """)
    }
}
