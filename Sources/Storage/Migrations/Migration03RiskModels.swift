import GRDB

/// Trained risk models, versioned, and every activation in order.
enum Migration03RiskModels: SchemaMigration {
    static let identifier = "v3-risk-models"

    static func migrate(_ db: Database) throws {
        try db.execute(
            sql: """
                -- Trained risk models, versioned: the XGBoost JSON, the feature manifest and the
                -- metadata (with validation metrics) as saved by RiskModel.
                CREATE TABLE risk_model (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    created_at TEXT NOT NULL,
                    label TEXT NOT NULL DEFAULT '',
                    model_json BLOB NOT NULL,
                    features_json BLOB NOT NULL,
                    metadata_json BLOB NOT NULL
                );
                -- Every activation, in order: the active model is the latest one, and a rollback
                -- returns to the one before it.
                CREATE TABLE risk_model_activation (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    model_id INTEGER NOT NULL REFERENCES risk_model(id),
                    at TEXT NOT NULL,
                    reason TEXT NOT NULL
                );
                """)
    }
}
