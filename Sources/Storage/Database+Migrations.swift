import GRDB

/// The schema, as an ordered list of named migrations. A migration, once released, is never
/// edited: new columns and tables come as new migrations so that every data directory can be
/// brought forward.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-declarations") { db in
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
        migrator.registerMigration("v2-keys-and-audit") { db in
            try db.execute(
                sql: """
                    -- API keys: only the SHA-256 of the secret is stored. `id` is the public part
                    -- of the key, shown in lists and logs.
                    CREATE TABLE api_key (
                        id TEXT PRIMARY KEY NOT NULL,
                        secret_sha256 BLOB NOT NULL,
                        role TEXT NOT NULL,
                        grants TEXT NOT NULL DEFAULT '',
                        party TEXT,
                        label TEXT NOT NULL DEFAULT '',
                        created_at TEXT NOT NULL,
                        revoked_at TEXT
                    ) WITHOUT ROWID;
                    CREATE INDEX api_key_label ON api_key(label);

                    -- Accountable acts: unmasking personal data, key changes. Append-only.
                    CREATE TABLE audit_event (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        at TEXT NOT NULL,
                        key_id TEXT NOT NULL,
                        action TEXT NOT NULL,
                        subject TEXT NOT NULL
                    );
                    CREATE INDEX audit_event_key ON audit_event(key_id, at);

                    -- Secrets of this installation (the pseudonym key), created on first use.
                    CREATE TABLE setting (
                        name TEXT PRIMARY KEY NOT NULL,
                        value BLOB NOT NULL
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v3-risk-models") { db in
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
        migrator.registerMigration("v4-risk-decisions") { db in
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
        migrator.registerMigration("v5-travel-messages") { db in
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
        migrator.registerMigration("v6-ledger-outbox") { db in
            try db.execute(
                sql: """
                    -- Entries for the verifiable ledger, written in the same transaction as the act
                    -- they record (a decision, a re-route, an unmasking…), then appended to the log
                    -- in seq order by the one ledger writer, which fills in ledger_index. A crash
                    -- between the two loses nothing: pending rows are appended on the next start.
                    CREATE TABLE ledger_outbox (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        type TEXT NOT NULL,
                        entry BLOB NOT NULL,
                        created_at TEXT NOT NULL,
                        subject TEXT,
                        ledger_index INTEGER UNIQUE,
                        -- The salts of the entry's commitments (JSON); they never leave the database.
                        secrets TEXT
                    );
                    CREATE INDEX ledger_outbox_pending ON ledger_outbox(seq) WHERE ledger_index IS NULL;
                    CREATE INDEX ledger_outbox_subject ON ledger_outbox(type, subject);
                    """)
        }
        migrator.registerMigration("v7-certificates-and-lab-custody") { db in
            try db.execute(
                sql: """
                    -- AEO authorisations and certificates of origin this administration issues. The
                    -- document (canonical JSON) is what the holder carries; the ledger holds its hash
                    -- and every change of status.
                    CREATE TABLE certificate (
                        id TEXT PRIMARY KEY NOT NULL,
                        kind TEXT NOT NULL CHECK (kind IN ('aeo', 'origin')),
                        holder TEXT NOT NULL,
                        document TEXT NOT NULL,
                        document_sha256 TEXT NOT NULL,
                        status TEXT NOT NULL,
                        issued_at TEXT NOT NULL,
                        updated_at TEXT NOT NULL
                    ) WITHOUT ROWID;
                    CREATE INDEX certificate_holder ON certificate(kind, holder);
                    CREATE TABLE certificate_event (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        certificate_id TEXT NOT NULL REFERENCES certificate(id),
                        status TEXT NOT NULL,
                        at TEXT NOT NULL,
                        by TEXT NOT NULL,
                        reason TEXT,
                        ledger_seq INTEGER NOT NULL REFERENCES ledger_outbox(seq)
                    );
                    CREATE INDEX certificate_event_certificate ON certificate_event(certificate_id, id);
                    -- Customs-laboratory samples and their chain of custody.
                    CREATE TABLE lab_sample (
                        id TEXT PRIMARY KEY NOT NULL,
                        declaration_id TEXT,
                        description TEXT NOT NULL,
                        state TEXT NOT NULL,
                        created_at TEXT NOT NULL,
                        updated_at TEXT NOT NULL
                    ) WITHOUT ROWID;
                    CREATE TABLE lab_sample_event (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        sample_id TEXT NOT NULL REFERENCES lab_sample(id),
                        event TEXT NOT NULL,
                        at TEXT NOT NULL,
                        by TEXT NOT NULL,
                        details TEXT NOT NULL,
                        ledger_seq INTEGER NOT NULL REFERENCES ledger_outbox(seq)
                    );
                    CREATE INDEX lab_sample_event_sample ON lab_sample_event(sample_id, id);
                    """)
        }
        migrator.registerMigration("v8-travel-targeting") { db in
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
        migrator.registerMigration("v9-biometric-templates") { db in
            try db.execute(
                sql: """
                    -- Biometric templates by gallery: fixed-length float vectors (little-endian
                    -- float32, L2-normalised) of one extractor and version. Personal data.
                    CREATE TABLE biometric_template (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        gallery TEXT NOT NULL,
                        subject TEXT NOT NULL,
                        extractor TEXT NOT NULL,
                        version TEXT NOT NULL,
                        dimension INTEGER NOT NULL,
                        vector BLOB NOT NULL,
                        created_at TEXT NOT NULL,
                        created_by TEXT NOT NULL,
                        removed_at TEXT
                    );
                    CREATE INDEX biometric_template_gallery ON biometric_template(gallery, removed_at);
                    -- Every verification and search: who, what, how many candidates, the best score and the decision.
                    CREATE TABLE biometric_search (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        at TEXT NOT NULL,
                        key_id TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        gallery TEXT NOT NULL,
                        extractor TEXT NOT NULL,
                        candidates INTEGER NOT NULL,
                        best_score REAL,
                        decision TEXT NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v10-biometric-galleries") { db in
            try db.execute(
                sql: """
                    -- Every enrolment and removal in order: a gallery held in memory, or an HNSW
                    -- index built at some seq, catches up by reading the changes after it.
                    CREATE TABLE biometric_change (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        gallery TEXT NOT NULL,
                        template_id INTEGER NOT NULL REFERENCES biometric_template(id),
                        kind TEXT NOT NULL CHECK (kind IN ('add', 'remove'))
                    );
                    CREATE INDEX biometric_change_gallery ON biometric_change(gallery, seq);
                    INSERT INTO biometric_change (gallery, template_id, kind) SELECT gallery, id, 'add' FROM biometric_template WHERE removed_at IS NULL ORDER BY id;
                    -- HNSW indexes built over a gallery's templates of one format: the file, its
                    -- parameters and the change seq it holds everything up to.
                    CREATE TABLE biometric_index (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        gallery TEXT NOT NULL,
                        extractor TEXT NOT NULL,
                        version TEXT NOT NULL,
                        dimension INTEGER NOT NULL,
                        file TEXT NOT NULL,
                        m INTEGER NOT NULL,
                        ef_construction INTEGER NOT NULL,
                        ef_search INTEGER NOT NULL,
                        seq INTEGER NOT NULL,
                        templates INTEGER NOT NULL,
                        build_seconds REAL NOT NULL,
                        built_at TEXT NOT NULL,
                        built_by TEXT NOT NULL
                    );
                    CREATE INDEX biometric_index_gallery ON biometric_index(gallery, extractor, version, id);
                    -- The decision threshold of each extractor version, calibrated to a target
                    -- false-match rate on impostor pairs.
                    CREATE TABLE biometric_policy (
                        extractor TEXT NOT NULL,
                        version TEXT NOT NULL,
                        target_false_match_rate REAL NOT NULL,
                        threshold REAL NOT NULL,
                        impostor_pairs INTEGER NOT NULL,
                        calibrated_at TEXT NOT NULL,
                        calibrated_by TEXT NOT NULL,
                        PRIMARY KEY (extractor, version)
                    );
                    """)
        }
        migrator.registerMigration("v11-zones") { db in
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
        migrator.registerMigration("v12-cargo-tracking") { db in
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
        migrator.registerMigration("v13-harmonized-system") { db in
            try db.execute(
                sql: """
                    -- The HS nomenclature of each edition (2012, 2017, 2022): chapters, headings and
                    -- subheadings with their texts, parents and sections.
                    CREATE TABLE hs_code (
                        id INTEGER PRIMARY KEY,
                        edition INTEGER NOT NULL,
                        code TEXT NOT NULL,
                        level INTEGER NOT NULL,
                        parent TEXT,
                        section TEXT,
                        description TEXT NOT NULL,
                        UNIQUE (edition, code)
                    );
                    CREATE INDEX hs_code_parent ON hs_code(edition, parent);
                    -- Full-text search over the texts (Porter stemming), kept in step by the import.
                    CREATE VIRTUAL TABLE hs_code_fts USING fts5(description, content = 'hs_code', content_rowid = 'id', tokenize = 'porter unicode61');
                    -- Links between editions: the UNSD correlation tables (kind 'correlation', with the
                    -- relationship type) and conversion tables (kind 'conversion', one target each).
                    CREATE TABLE hs_link (
                        kind TEXT NOT NULL CHECK (kind IN ('correlation', 'conversion')),
                        from_edition INTEGER NOT NULL,
                        from_code TEXT NOT NULL,
                        to_edition INTEGER NOT NULL,
                        to_code TEXT NOT NULL,
                        relationship TEXT NOT NULL,
                        partial INTEGER NOT NULL DEFAULT 0,
                        PRIMARY KEY (kind, from_edition, to_edition, from_code, to_code)
                    ) WITHOUT ROWID;
                    CREATE INDEX hs_link_to ON hs_link(kind, to_edition, from_edition, to_code);
                    """)
        }
        migrator.registerMigration("v14-hs-assistant") { db in
            try db.execute(
                sql: """
                    -- Extra description lines per subheading for the classification assistant: national
                    -- tariff texts such as the EU CN8 lines, one source replaced at a time.
                    CREATE TABLE hs_text (
                        id INTEGER PRIMARY KEY,
                        edition INTEGER NOT NULL,
                        code TEXT NOT NULL,
                        source TEXT NOT NULL,
                        reference TEXT NOT NULL,
                        text TEXT NOT NULL,
                        UNIQUE (source, reference)
                    );
                    CREATE INDEX hs_text_code ON hs_text(edition, code);
                    -- Classifications confirmed by officers and binding rulings: the administration's
                    -- own labelled examples, which the assistant learns from.
                    CREATE TABLE hs_classification (
                        id INTEGER PRIMARY KEY,
                        edition INTEGER NOT NULL,
                        code TEXT NOT NULL,
                        text TEXT NOT NULL,
                        source TEXT NOT NULL CHECK (source IN ('officer', 'ruling')),
                        reference TEXT,
                        declaration_id TEXT,
                        confirmed_by TEXT NOT NULL,
                        confirmed_at TEXT NOT NULL,
                        withdrawn_at TEXT,
                        withdrawn_by TEXT
                    );
                    CREATE INDEX hs_classification_code ON hs_classification(edition, code);
                    -- Sentence embeddings of nomenclature texts, keyed by the model's hash and the
                    -- text's SHA-256: a new model or a changed text misses the cache and is encoded anew.
                    -- Bumped by every change to what the assistant's index is built from (nomenclature,
                    -- description lines, confirmed classifications), so that any process sees a change.
                    CREATE TABLE hs_generation (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        value INTEGER NOT NULL
                    );
                    CREATE TABLE hs_embedding (
                        model TEXT NOT NULL,
                        text_hash BLOB NOT NULL,
                        vector BLOB NOT NULL,
                        PRIMARY KEY (model, text_hash)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v15-tracking-reject-bounds") { db in
            try db.execute(
                sql: """
                    -- Refused input is kept truncated (its first bytes, enough to see what a device
                    -- sent) with the length it had, and purged after a retention period: kept whole
                    -- and forever, 1,000 refused 60 KB requests added 60 MB to the database in 5 s.
                    ALTER TABLE tracking_reject ADD COLUMN raw_length INTEGER;
                    CREATE INDEX tracking_reject_received ON tracking_reject(received_at);
                    """)
        }
        migrator.registerMigration("v16-alert-operator-position") { db in
            try db.execute(
                sql: """
                    -- A drone operator's position, apart from the alert's words: a person's position
                    -- goes to those who may read tracking, not into webhooks or the public ledger.
                    ALTER TABLE tracking_alert ADD COLUMN operator_latitude REAL;
                    ALTER TABLE tracking_alert ADD COLUMN operator_longitude REAL;
                    """)
        }
        migrator.registerMigration("v17-declaration-reference") { db in
            try db.execute(
                sql: """
                    -- A trader's own reference for what it lodged (a local reference number), unique
                    -- per party; the declaration id of such a declaration is assigned by Portunus, so
                    -- that no trader learns which ids another party's declarations have.
                    ALTER TABLE declaration ADD COLUMN reference_party TEXT;
                    ALTER TABLE declaration ADD COLUMN reference TEXT;
                    CREATE UNIQUE INDEX declaration_reference ON declaration(reference_party, reference) WHERE reference IS NOT NULL;
                    """)
        }
        return migrator
    }
}
