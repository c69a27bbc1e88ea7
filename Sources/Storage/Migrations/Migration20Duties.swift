import GRDB

/// Duties and taxes (issue #24, Clearance): the national tariff's measures and lines, the
/// exchange rates, the duty calculation stored per declaration version, the payments and
/// guarantee debits that settle it, and the traders' guarantees; and the facts a goods item
/// declares for the calculation (supplementary quantities, additional codes, a preference).
enum Migration20Duties: SchemaMigration {
    static let identifier = "v20-duties"

    static func migrate(_ db: Database) throws {
        try db.execute(
            sql: """
                -- JSON ({"quantities": [...], "additional_codes": [...], "preference": {...}}), NULL
                -- when the item declares none of them.
                ALTER TABLE goods_item ADD COLUMN duty_facts TEXT;

                -- One row per measure. A measure on a code applies to every code below it; `origins`
                -- is '*' or ISO codes separated by spaces. The expression is kept as the tariff
                -- wrote it, in its notation, and parsed when the tariff is loaded into memory.
                CREATE TABLE tariff_measure (
                    id TEXT PRIMARY KEY,
                    source TEXT NOT NULL,
                    code TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    origins TEXT NOT NULL,
                    excluded TEXT NOT NULL DEFAULT '',
                    additional_code TEXT,
                    agreement TEXT,
                    expression TEXT NOT NULL,
                    notation TEXT NOT NULL,
                    valid_from TEXT NOT NULL,
                    valid_through TEXT,
                    legal_basis TEXT NOT NULL
                );
                CREATE INDEX tariff_measure_code ON tariff_measure(code);
                CREATE INDEX tariff_measure_source ON tariff_measure(source);

                CREATE TABLE tariff_line (
                    code TEXT NOT NULL,
                    source TEXT NOT NULL,
                    description TEXT NOT NULL,
                    units TEXT NOT NULL DEFAULT '[]',
                    PRIMARY KEY (code, source)
                ) WITHOUT ROWID;

                -- Units of the national currency per unit of `currency`, by period.
                CREATE TABLE exchange_rate (
                    currency TEXT NOT NULL,
                    valid_from TEXT NOT NULL,
                    valid_through TEXT,
                    rate TEXT NOT NULL,
                    PRIMARY KEY (currency, valid_from)
                ) WITHOUT ROWID;

                -- The national currency and a revision counted up at every change of measures or
                -- rates, so a node's tariff in memory knows when to load again.
                CREATE TABLE tariff_setting (
                    key TEXT PRIMARY KEY,
                    value TEXT NOT NULL
                ) WITHOUT ROWID;

                -- The calculation made on one version of a declaration: its lines as JSON, its
                -- total, or the problem that stopped it.
                CREATE TABLE duty_assessment (
                    declaration_seq INTEGER NOT NULL REFERENCES declaration(seq) ON DELETE CASCADE,
                    version INTEGER NOT NULL,
                    calculated_at TEXT NOT NULL,
                    day TEXT NOT NULL,
                    currency TEXT NOT NULL,
                    total_e4 INTEGER NOT NULL,
                    lines TEXT NOT NULL,
                    exchange_rates TEXT NOT NULL DEFAULT '{}',
                    problem_code TEXT,
                    problem_reason TEXT,
                    problem_field TEXT,
                    PRIMARY KEY (declaration_seq, version)
                ) WITHOUT ROWID;

                -- A trader's guarantee (a comprehensive guarantee or a deferment account): what it
                -- covers and how much of it the declarations secured and not yet paid hold.
                CREATE TABLE guarantee (
                    reference TEXT PRIMARY KEY,
                    holder TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    currency TEXT NOT NULL,
                    amount_e4 INTEGER NOT NULL,
                    used_e4 INTEGER NOT NULL DEFAULT 0,
                    valid_from TEXT NOT NULL,
                    valid_through TEXT,
                    created_at TEXT NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX guarantee_holder ON guarantee(holder);

                -- Payments and guarantee debits, append-only.
                CREATE TABLE settlement (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    declaration_seq INTEGER NOT NULL REFERENCES declaration(seq) ON DELETE CASCADE,
                    version INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    amount_e4 INTEGER NOT NULL,
                    currency TEXT NOT NULL,
                    reference TEXT NOT NULL,
                    account TEXT,
                    guarantee TEXT REFERENCES guarantee(reference),
                    at TEXT NOT NULL,
                    actor_kind TEXT NOT NULL,
                    actor_id TEXT NOT NULL,
                    idempotency_key TEXT UNIQUE
                );
                CREATE INDEX settlement_declaration ON settlement(declaration_seq, version);
                """)
    }
}
