import GRDB

/// Geographic zones as GeoJSON features, and every revision of each.
enum Migration11Zones: SchemaMigration {
    static let identifier = "v11-zones"

    static func migrate(_ db: Database) throws {
        try db.execute(
            sql: """
                -- Geographic zones (customs offices, border crossings, special customs and free
                -- zones, transit corridors, restricted airspace, national borders): the GeoJSON
                -- Feature as Portunus writes it (RFC 7946).
                CREATE TABLE zone (
                    id TEXT PRIMARY KEY,
                    kind TEXT NOT NULL,
                    name TEXT,
                    feature TEXT NOT NULL,
                    updated_at TEXT NOT NULL,
                    updated_by TEXT NOT NULL
                );
                CREATE INDEX zone_kind ON zone(kind);
                -- Every change to a zone, in order: its history, and the generation that
                -- in-memory zone indexes compare themselves with.
                CREATE TABLE zone_revision (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    zone_id TEXT NOT NULL,
                    change TEXT NOT NULL CHECK (change IN ('put', 'delete')),
                    feature TEXT,
                    at TEXT NOT NULL,
                    by TEXT NOT NULL
                );
                CREATE INDEX zone_revision_zone ON zone_revision(zone_id, seq);
                """)
    }
}
