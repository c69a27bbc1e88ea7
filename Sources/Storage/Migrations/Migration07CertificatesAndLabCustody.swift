import GRDB

/// Certificates this administration issues with their events, and laboratory samples with their chain of custody.
enum Migration07CertificatesAndLabCustody: SchemaMigration {
    static let identifier = "v7-certificates-and-lab-custody"

    static func migrate(_ db: Database) throws {
        try db.execute(
            sql: """
                -- AEO authorisations and certificates of origin this administration issues. The
                -- document (canonical JSON) is what the holder carries; the ledger holds its hash
                -- and every change of status.
                CREATE TABLE certificate (
                    id TEXT PRIMARY KEY NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('aeo', 'origin')),
                    holder TEXT NOT NULL,
                    document TEXT NOT NULL,
                    document_sha256 TEXT NOT NULL,
                    status TEXT NOT NULL,
                    issued_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX certificate_holder ON certificate(kind, holder);
                CREATE TABLE certificate_event (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    certificate_id TEXT NOT NULL REFERENCES certificate(id),
                    status TEXT NOT NULL,
                    at TEXT NOT NULL,
                    by TEXT NOT NULL,
                    reason TEXT,
                    ledger_seq INTEGER NOT NULL REFERENCES ledger_outbox(seq)
                );
                CREATE INDEX certificate_event_certificate ON certificate_event(certificate_id, id);
                -- Customs-laboratory samples and their chain of custody.
                CREATE TABLE lab_sample (
                    id TEXT PRIMARY KEY NOT NULL,
                    declaration_id TEXT,
                    description TEXT NOT NULL,
                    state TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE lab_sample_event (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    sample_id TEXT NOT NULL REFERENCES lab_sample(id),
                    event TEXT NOT NULL,
                    at TEXT NOT NULL,
                    by TEXT NOT NULL,
                    details TEXT NOT NULL,
                    ledger_seq INTEGER NOT NULL REFERENCES ledger_outbox(seq)
                );
                CREATE INDEX lab_sample_event_sample ON lab_sample_event(sample_id, id);
                """)
    }
}
