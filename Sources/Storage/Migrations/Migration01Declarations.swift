import GRDB

/// Declarations as lodged or imported: the import runs they came in, the declaration, its goods items, parties and warnings.
enum Migration01Declarations: SchemaMigration {
    static let identifier = "v1-declarations"

    static func migrate(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE import_run (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    source TEXT NOT NULL,
                    format TEXT NOT NULL,
                    started_at TEXT NOT NULL,
                    finished_at TEXT,
                    status TEXT NOT NULL DEFAULT 'running',
                    rows_read INTEGER NOT NULL DEFAULT 0,
                    imported INTEGER NOT NULL DEFAULT 0,
                    already_present INTEGER NOT NULL DEFAULT 0,
                    rejected INTEGER NOT NULL DEFAULT 0,
                    warned INTEGER NOT NULL DEFAULT 0
                );

                -- One row per declaration. `seq` is the compact internal key the child tables
                -- use; `id` is the declaration's own identifier.
                CREATE TABLE declaration (
                    seq INTEGER PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    lodged_at TEXT NOT NULL,
                    office TEXT NOT NULL,
                    process_type TEXT NOT NULL,
                    import_type TEXT NOT NULL,
                    import_use TEXT NOT NULL,
                    payment_type TEXT NOT NULL,
                    transport_mode TEXT NOT NULL,
                    declarant_id TEXT NOT NULL,
                    importer_id TEXT NOT NULL,
                    seller_id TEXT,
                    carrier_id TEXT,
                    assessed_at TEXT,
                    inspected_at TEXT,
                    released_at TEXT,
                    item_count INTEGER NOT NULL,
                    content_hash INTEGER NOT NULL,
                    import_run_id INTEGER REFERENCES import_run(id),
                    source_line INTEGER
                );
                CREATE INDEX declaration_lodged_at ON declaration(lodged_at);
                CREATE INDEX declaration_office ON declaration(office, lodged_at);
                CREATE INDEX declaration_importer ON declaration(importer_id, lodged_at);

                -- Amounts are exact decimals stored as integers scaled by 10^4 (FixedDecimal).
                CREATE TABLE goods_item (
                    declaration_seq INTEGER NOT NULL REFERENCES declaration(seq) ON DELETE CASCADE,
                    sequence INTEGER NOT NULL,
                    hs_code TEXT NOT NULL,
                    origin TEXT NOT NULL,
                    departure TEXT NOT NULL,
                    origin_marking TEXT,
                    net_mass_e4 INTEGER NOT NULL,
                    customs_value_e4 INTEGER NOT NULL,
                    currency TEXT NOT NULL,
                    duty_rate_e4 INTEGER NOT NULL,
                    tax_type TEXT NOT NULL,
                    PRIMARY KEY (declaration_seq, sequence)
                ) WITHOUT ROWID;
                CREATE INDEX goods_item_hs_code ON goods_item(hs_code);

                CREATE TABLE inspection_outcome (
                    declaration_seq INTEGER PRIMARY KEY REFERENCES declaration(seq) ON DELETE CASCADE,
                    result TEXT NOT NULL,
                    fraud INTEGER NOT NULL,
                    critical INTEGER NOT NULL,
                    revenue_recovered_e4 INTEGER,
                    revenue_currency TEXT
                );

                CREATE TABLE declaration_warning (
                    declaration_seq INTEGER NOT NULL REFERENCES declaration(seq) ON DELETE CASCADE,
                    code TEXT NOT NULL,
                    field TEXT NOT NULL
                );
                CREATE INDEX declaration_warning_seq ON declaration_warning(declaration_seq);
                """)
    }
}
