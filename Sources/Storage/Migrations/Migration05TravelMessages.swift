import GRDB

/// Every API/PNR file received, raw and whole, with what reading it gave.
enum Migration05TravelMessages: SchemaMigration {
    static let identifier = "v5-travel-messages"

    static func migrate(_ db: Database) throws {
        try db.execute(
            sql: """
                -- Every API/PNR file received, raw and whole, with what reading it gave: nothing
                -- is lost, a duplicate (the same bytes) is recognised, and a file is read again
                -- after a parser fix.
                CREATE TABLE travel_message (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    received_at TEXT NOT NULL,
                    source TEXT NOT NULL,
                    sha256 BLOB NOT NULL UNIQUE,
                    raw BLOB NOT NULL,
                    status TEXT NOT NULL,
                    messages INTEGER NOT NULL,
                    people INTEGER NOT NULL,
                    parsed_json TEXT NOT NULL,
                    diagnostics_json TEXT NOT NULL,
                    parser_version INTEGER NOT NULL
                );
                """)
    }
}
