import GRDB

/// Analysts' rule sets, one risk decision per declaration, officers' re-routes, and the authorised economic operators.
enum Migration04RiskDecisions: SchemaMigration {
    static let identifier = "v4-risk-decisions"

    static func migrate(_ db: Database) throws {
        try db.execute(
            sql: """
                -- Analysts' rule sets, versioned as written (YAML), with who wrote each version.
                CREATE TABLE rule_set (
                    version INTEGER PRIMARY KEY AUTOINCREMENT,
                    created_at TEXT NOT NULL,
                    created_by TEXT NOT NULL,
                    note TEXT NOT NULL DEFAULT '',
                    yaml TEXT NOT NULL
                );
                CREATE TABLE rule_set_activation (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    version INTEGER NOT NULL REFERENCES rule_set(version),
                    at TEXT NOT NULL,
                    by TEXT NOT NULL
                );

                -- One assessment per declaration: everything needed to re-derive its lane (the
                -- model and rule set versions, the policy, the office-day seed) and to explain it.
                CREATE TABLE risk_decision (
                    declaration_seq INTEGER PRIMARY KEY REFERENCES declaration(seq) ON DELETE CASCADE,
                    assessed_at TEXT NOT NULL,
                    office TEXT NOT NULL,
                    day TEXT NOT NULL,
                    model_id INTEGER REFERENCES risk_model(id),
                    rule_set_version INTEGER REFERENCES rule_set(version),
                    score REAL NOT NULL,
                    risk_score REAL NOT NULL,
                    lane TEXT NOT NULL,
                    selection TEXT NOT NULL,
                    forced_by TEXT,
                    seed INTEGER NOT NULL,
                    aeo INTEGER NOT NULL,
                    hits_json TEXT NOT NULL,
                    explanation_json TEXT,
                    policy_json TEXT NOT NULL
                );
                CREATE INDEX risk_decision_worklist ON risk_decision(office, lane, day);
                -- Online thresholds read the last days' scores, per office or overall.
                CREATE INDEX risk_decision_day ON risk_decision(day, office);

                -- Officers' re-routes, append-only: the lane in force is the latest.
                CREATE TABLE risk_reroute (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    declaration_seq INTEGER NOT NULL REFERENCES declaration(seq) ON DELETE CASCADE,
                    at TEXT NOT NULL,
                    by TEXT NOT NULL,
                    from_lane TEXT NOT NULL,
                    to_lane TEXT NOT NULL,
                    reason TEXT NOT NULL
                );
                CREATE INDEX risk_reroute_declaration ON risk_reroute(declaration_seq, id);

                -- Authorised economic operators (party ids) and since when.
                CREATE TABLE aeo_party (
                    party TEXT PRIMARY KEY NOT NULL,
                    since TEXT NOT NULL
                ) WITHOUT ROWID;
                """)
    }
}
