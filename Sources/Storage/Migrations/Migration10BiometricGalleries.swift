import GRDB

/// The galleries' change log, their HNSW indexes and each extractor version's calibrated threshold.
enum Migration10BiometricGalleries: SchemaMigration {
    static let identifier = "v10-biometric-galleries"

    static func migrate(_ db: Database) throws {
        try db.execute(
            sql: """
                -- Every enrolment and removal in order: a gallery held in memory, or an HNSW
                -- index built at some seq, catches up by reading the changes after it.
                CREATE TABLE biometric_change (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    gallery TEXT NOT NULL,
                    template_id INTEGER NOT NULL REFERENCES biometric_template(id),
                    kind TEXT NOT NULL CHECK (kind IN ('add', 'remove'))
                );
                CREATE INDEX biometric_change_gallery ON biometric_change(gallery, seq);
                INSERT INTO biometric_change (gallery, template_id, kind) SELECT gallery, id, 'add' FROM biometric_template WHERE removed_at IS NULL ORDER BY id;
                -- HNSW indexes built over a gallery's templates of one format: the file, its
                -- parameters and the change seq it holds everything up to.
                CREATE TABLE biometric_index (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    gallery TEXT NOT NULL,
                    extractor TEXT NOT NULL,
                    version TEXT NOT NULL,
                    dimension INTEGER NOT NULL,
                    file TEXT NOT NULL,
                    m INTEGER NOT NULL,
                    ef_construction INTEGER NOT NULL,
                    ef_search INTEGER NOT NULL,
                    seq INTEGER NOT NULL,
                    templates INTEGER NOT NULL,
                    build_seconds REAL NOT NULL,
                    built_at TEXT NOT NULL,
                    built_by TEXT NOT NULL
                );
                CREATE INDEX biometric_index_gallery ON biometric_index(gallery, extractor, version, id);
                -- The decision threshold of each extractor version, calibrated to a target
                -- false-match rate on impostor pairs.
                CREATE TABLE biometric_policy (
                    extractor TEXT NOT NULL,
                    version TEXT NOT NULL,
                    target_false_match_rate REAL NOT NULL,
                    threshold REAL NOT NULL,
                    impostor_pairs INTEGER NOT NULL,
                    calibrated_at TEXT NOT NULL,
                    calibrated_by TEXT NOT NULL,
                    PRIMARY KEY (extractor, version)
                );
                """)
    }
}
