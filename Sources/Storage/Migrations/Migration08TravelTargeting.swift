import GRDB

/// Travel targeting: flights, travellers and passengers, watch lists, travel rule sets, the vetting list and lookouts.
enum Migration08TravelTargeting: SchemaMigration {
    static let identifier = "v8-travel-targeting"

    static func migrate(_ db: Database) throws {
        try db.execute(
            sql: """
                -- A flight as the messages name it: carrier and number, route, local departure day.
                CREATE TABLE flight (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    number TEXT NOT NULL,
                    origin TEXT NOT NULL,
                    destination TEXT NOT NULL,
                    departure_date TEXT NOT NULL,
                    departure_time TEXT,
                    arrival_time TEXT,
                    departure_utc TEXT,
                    arrival_utc TEXT,
                    UNIQUE (number, origin, destination, departure_date)
                );
                CREATE INDEX flight_departure ON flight(departure_date);
                -- One person across messages and flights. Personal fields are cleared when the
                -- retention job depersonalises the traveller.
                CREATE TABLE traveller (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    created_at TEXT NOT NULL,
                    surname TEXT,
                    given_names TEXT,
                    date_of_birth TEXT,
                    gender TEXT NOT NULL DEFAULT 'U',
                    nationality TEXT,
                    depersonalised_at TEXT
                );
                CREATE INDEX traveller_birth ON traveller(date_of_birth);
                CREATE TABLE traveller_document (
                    traveller_id INTEGER NOT NULL REFERENCES traveller(id) ON DELETE CASCADE,
                    number TEXT NOT NULL,
                    issuing_state TEXT NOT NULL,
                    type TEXT,
                    expiry TEXT,
                    PRIMARY KEY (number, issuing_state, traveller_id)
                ) WITHOUT ROWID;
                CREATE INDEX traveller_document_traveller ON traveller_document(traveller_id);
                -- A person on a flight as one message gives them, linked to a traveller with the
                -- evidence for the link.
                CREATE TABLE passenger (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    flight_id INTEGER NOT NULL REFERENCES flight(id),
                    traveller_id INTEGER NOT NULL REFERENCES traveller(id),
                    message_id INTEGER NOT NULL REFERENCES travel_message(id),
                    source TEXT NOT NULL,
                    role TEXT NOT NULL,
                    booking TEXT,
                    person_json TEXT NOT NULL,
                    booking_json TEXT,
                    link_json TEXT NOT NULL,
                    received_at TEXT NOT NULL,
                    depersonalised_at TEXT
                );
                CREATE INDEX passenger_flight ON passenger(flight_id, traveller_id);
                CREATE INDEX passenger_traveller ON passenger(traveller_id);
                CREATE INDEX passenger_booking ON passenger(booking);
                CREATE INDEX passenger_received ON passenger(received_at);
                ALTER TABLE travel_message ADD COLUMN depersonalised_at TEXT;
                ALTER TABLE audit_event ADD COLUMN justification TEXT;
                -- Named watch lists (persons, or travel documents such as lost and stolen
                -- passports) and their entries; an entry removed keeps its row.
                CREATE TABLE watch_list (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    name TEXT NOT NULL UNIQUE,
                    kind TEXT NOT NULL,
                    description TEXT NOT NULL DEFAULT '',
                    created_at TEXT NOT NULL
                );
                CREATE TABLE watch_list_entry (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    list_id INTEGER NOT NULL REFERENCES watch_list(id),
                    external_id TEXT NOT NULL,
                    category TEXT NOT NULL,
                    severity INTEGER NOT NULL,
                    names_json TEXT NOT NULL,
                    birth_date TEXT,
                    nationality TEXT,
                    document_number TEXT,
                    document_country TEXT,
                    traveller_id INTEGER,
                    added_at TEXT NOT NULL,
                    added_by TEXT NOT NULL,
                    removed_at TEXT,
                    UNIQUE (list_id, external_id)
                );
                -- The analysts' travel rule sets, every version kept.
                CREATE TABLE travel_rule_set (
                    version INTEGER PRIMARY KEY AUTOINCREMENT,
                    yaml TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    created_by TEXT NOT NULL
                );
                -- The vetting list: one item per traveller per flight with hits.
                CREATE TABLE vetting (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    flight_id INTEGER NOT NULL REFERENCES flight(id),
                    traveller_id INTEGER NOT NULL REFERENCES traveller(id),
                    status TEXT NOT NULL,
                    severity INTEGER NOT NULL,
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL,
                    UNIQUE (flight_id, traveller_id)
                );
                CREATE INDEX vetting_status ON vetting(status, flight_id);
                CREATE TABLE travel_hit (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    vetting_id INTEGER NOT NULL REFERENCES vetting(id) ON DELETE CASCADE,
                    kind TEXT NOT NULL,
                    reference TEXT NOT NULL,
                    list TEXT,
                    category TEXT NOT NULL,
                    severity INTEGER NOT NULL,
                    score REAL NOT NULL,
                    reasons_json TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    UNIQUE (vetting_id, kind, reference)
                );
                -- What officers did: status changes, notes, lookouts, outcomes. Append-only.
                CREATE TABLE vetting_event (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    vetting_id INTEGER NOT NULL REFERENCES vetting(id) ON DELETE CASCADE,
                    at TEXT NOT NULL,
                    by TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    value TEXT NOT NULL,
                    note TEXT,
                    ledger_seq INTEGER REFERENCES ledger_outbox(seq)
                );
                CREATE INDEX vetting_event_vetting ON vetting_event(vetting_id, id);
                -- Port-of-entry lookouts promoted from the vetting list, and what happened.
                CREATE TABLE lookout (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    vetting_id INTEGER NOT NULL UNIQUE REFERENCES vetting(id) ON DELETE CASCADE,
                    port TEXT NOT NULL,
                    status TEXT NOT NULL,
                    outcome TEXT,
                    created_at TEXT NOT NULL,
                    created_by TEXT NOT NULL,
                    updated_at TEXT NOT NULL
                );
                CREATE INDEX lookout_port ON lookout(port, status);
                """)
    }
}
