import GRDB

/// API keys (the SHA-256 of each secret), the append-only audit of accountable acts, and the installation's settings.
enum Migration02KeysAndAudit: SchemaMigration {
    static let identifier = "v2-keys-and-audit"

    static func migrate(_ db: Database) throws {
        try db.execute(
            sql: """
                -- API keys: only the SHA-256 of the secret is stored. `id` is the public part
                -- of the key, shown in lists and logs.
                CREATE TABLE api_key (
                    id TEXT PRIMARY KEY NOT NULL,
                    secret_sha256 BLOB NOT NULL,
                    role TEXT NOT NULL,
                    grants TEXT NOT NULL DEFAULT '',
                    party TEXT,
                    label TEXT NOT NULL DEFAULT '',
                    created_at TEXT NOT NULL,
                    revoked_at TEXT
                ) WITHOUT ROWID;
                CREATE INDEX api_key_label ON api_key(label);

                -- Accountable acts: unmasking personal data, key changes. Append-only.
                CREATE TABLE audit_event (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at TEXT NOT NULL,
                    key_id TEXT NOT NULL,
                    action TEXT NOT NULL,
                    subject TEXT NOT NULL
                );
                CREATE INDEX audit_event_key ON audit_event(key_id, at);

                -- Secrets of this installation (the pseudonym key), created on first use.
                CREATE TABLE setting (
                    name TEXT PRIMARY KEY NOT NULL,
                    value BLOB NOT NULL
                ) WITHOUT ROWID;
                """)
    }
}
