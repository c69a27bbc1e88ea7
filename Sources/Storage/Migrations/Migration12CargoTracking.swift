import GRDB

/// Cargo tracking: transit movements and their events, positions, seal reports, alerts, webhooks and refused input.
enum Migration12CargoTracking: SchemaMigration {
    static let identifier = "v12-cargo-tracking"

    static func migrate(_ db: Database) throws {
        try db.execute(
            sql: """
                -- Transit movements under electronic monitoring: offices and corridor are zone
                -- ids, seals a JSON array of seal ids, deadline and times ISO 8601 (UTC).
                CREATE TABLE transit_movement (
                    reference TEXT PRIMARY KEY,
                    device TEXT NOT NULL,
                    departure_office TEXT,
                    destination_office TEXT,
                    corridor TEXT,
                    deadline TEXT NOT NULL,
                    seals TEXT NOT NULL,
                    declaration_id TEXT,
                    state TEXT NOT NULL CHECK (state IN ('opened', 'in_transit', 'arrived', 'discharged', 'alert', 'diverted')),
                    opened_at TEXT NOT NULL,
                    opened_by TEXT NOT NULL,
                    updated_at TEXT NOT NULL
                );
                CREATE INDEX transit_movement_device ON transit_movement(device, state);
                CREATE INDEX transit_movement_state ON transit_movement(state, reference);
                -- Every change of a movement's state, in order, with who made it (a key id, or
                -- `tracking` for the rules) and why.
                CREATE TABLE transit_movement_event (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    reference TEXT NOT NULL,
                    from_state TEXT,
                    to_state TEXT NOT NULL,
                    at TEXT NOT NULL,
                    by TEXT NOT NULL,
                    reason TEXT
                );
                CREATE INDEX transit_movement_event_reference ON transit_movement_event(reference, seq);
                -- Positions as received (trackers and drones). `at` and `received_at` are Unix
                -- seconds: this is the table that grows fastest.
                CREATE TABLE tracking_position (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    device TEXT NOT NULL,
                    at REAL NOT NULL,
                    received_at REAL NOT NULL,
                    latitude REAL NOT NULL,
                    longitude REAL NOT NULL,
                    speed REAL,
                    bearing REAL,
                    altitude REAL,
                    accuracy REAL,
                    battery REAL,
                    source TEXT NOT NULL
                );
                CREATE INDEX tracking_position_device ON tracking_position(device, at);
                -- Electronic seals' reports (ISO 18185: sealed, opened, tampered, battery low).
                CREATE TABLE seal_event (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    seal TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    at REAL NOT NULL,
                    received_at REAL NOT NULL,
                    source TEXT NOT NULL
                );
                CREATE INDEX seal_event_seal ON seal_event(seal, at);
                -- Alerts, with the declaration whose risk they raised (and to which lane).
                CREATE TABLE tracking_alert (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    kind TEXT NOT NULL,
                    at TEXT NOT NULL,
                    device TEXT NOT NULL,
                    movement TEXT,
                    declaration_id TEXT,
                    latitude REAL,
                    longitude REAL,
                    zone TEXT,
                    detail TEXT NOT NULL,
                    raised_lane TEXT,
                    created_at TEXT NOT NULL
                );
                CREATE INDEX tracking_alert_movement ON tracking_alert(movement, id);
                CREATE INDEX tracking_alert_kind ON tracking_alert(kind, id);
                -- Webhooks that alerts are posted to, and each delivery with its attempts: an
                -- outbox written in the alert's transaction, so none is lost to a restart.
                CREATE TABLE tracking_webhook (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    url TEXT NOT NULL,
                    secret TEXT NOT NULL,
                    kinds TEXT,
                    active INTEGER NOT NULL DEFAULT 1,
                    created_at TEXT NOT NULL,
                    created_by TEXT NOT NULL
                );
                CREATE TABLE tracking_delivery (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    webhook_id INTEGER NOT NULL REFERENCES tracking_webhook(id) ON DELETE CASCADE,
                    alert_id INTEGER NOT NULL REFERENCES tracking_alert(id),
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at REAL NOT NULL,
                    delivered_at TEXT,
                    failed_at TEXT,
                    last_status INTEGER,
                    last_error TEXT,
                    UNIQUE (webhook_id, alert_id)
                );
                CREATE INDEX tracking_delivery_due ON tracking_delivery(next_attempt_at) WHERE delivered_at IS NULL AND failed_at IS NULL;
                -- Frames and requests the listeners refused, byte for byte, with the error's
                -- code and offset: nothing a device sent is lost, even when it is wrong.
                CREATE TABLE tracking_reject (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    source TEXT NOT NULL,
                    device TEXT,
                    received_at TEXT NOT NULL,
                    code TEXT NOT NULL,
                    byte_offset INTEGER,
                    detail TEXT NOT NULL,
                    raw BLOB NOT NULL
                );
                """)
    }
}
