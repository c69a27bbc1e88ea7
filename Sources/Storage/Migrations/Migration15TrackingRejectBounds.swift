import GRDB

/// Refused tracking input kept truncated with its original length, and purged by age.
enum Migration15TrackingRejectBounds: SchemaMigration {
    static let identifier = "v15-tracking-reject-bounds"

    static func migrate(_ db: Database) throws {
        try db.execute(
            sql: """
                -- Refused input is kept truncated (its first bytes, enough to see what a device
                -- sent) with the length it had, and purged after a retention period: kept whole
                -- and forever, 1,000 refused 60 KB requests added 60 MB to the database in 5 s.
                ALTER TABLE tracking_reject ADD COLUMN raw_length INTEGER;
                CREATE INDEX tracking_reject_received ON tracking_reject(received_at);
                """)
    }
}
