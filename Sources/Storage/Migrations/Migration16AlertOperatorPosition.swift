import GRDB

/// A drone operator's position on an alert, apart from the alert's words.
enum Migration16AlertOperatorPosition: SchemaMigration {
    static let identifier = "v16-alert-operator-position"

    static func migrate(_ db: Database) throws {
        try db.execute(
            sql: """
                -- A drone operator's position, apart from the alert's words: a person's position
                -- goes to those who may read tracking, not into webhooks or the public ledger.
                ALTER TABLE tracking_alert ADD COLUMN operator_latitude REAL;
                ALTER TABLE tracking_alert ADD COLUMN operator_longitude REAL;
                """)
    }
}
