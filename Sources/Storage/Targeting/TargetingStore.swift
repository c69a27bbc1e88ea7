import Foundation
import GRDB
import PortunusCore
import Travel

/// Travel targeting: flights, passengers and their links to travellers, watch lists, hits, the
/// vetting list and port-of-entry lookouts.
public struct TargetingStore: AggregateStore {
    let engine: PortunusStore
}

extension TargetingStore {
    // MARK: Travellers and flights

    /// Runs `body` in one write transaction.
    public func linkTravellers<T>(_ body: (TravellerWriter) throws -> T) throws(PortunusError) -> T {
        try write { db in try body(TravellerWriter(db: db)) }
    }

    /// Whether the file's people were already linked (a file is processed once).
    public func passengersExist(messageID: Int64) throws(PortunusError) -> Bool {
        try read { db in try TravellerWriter(db: db).passengersExist(messageID: messageID) }
    }

    static func travellers(_ db: Database, sql: String, arguments: StatementArguments) throws -> [StoredTraveller] {
        try Row.fetchAll(try db.cachedStatement(sql: sql), arguments: arguments).map { row in
            let id: Int64 = row["id"]
            let documents = try Row.fetchAll(
                try db.cachedStatement(sql: "SELECT * FROM traveller_document WHERE traveller_id = ? ORDER BY number"), arguments: [id]
            ).map {
                StoredTraveller.Document(number: $0["number"], issuingState: $0["issuing_state"], type: $0["type"], expiry: $0["expiry"])
            }
            return StoredTraveller(
                id: id, createdAt: try row.time("created_at", in: "traveller"), surname: row["surname"], givenNames: row["given_names"],
                dateOfBirth: row["date_of_birth"], gender: row["gender"], nationality: row["nationality"],
                depersonalisedAt: try row.timeIfPresent("depersonalised_at", in: "traveller"), documents: documents)
        }
    }

    public func traveller(id: Int64) throws(PortunusError) -> StoredTraveller? {
        try read { db in try TargetingStore.travellers(db, sql: "SELECT * FROM traveller WHERE id = ?", arguments: [id]).first }
    }

    static func flight(_ row: Row) -> StoredFlight {
        StoredFlight(
            id: row["id"], number: row["number"], origin: row["origin"], destination: row["destination"], departureDate: row["departure_date"],
            departureTime: row["departure_time"], arrivalTime: row["arrival_time"], departureUTC: row["departure_utc"], arrivalUTC: row["arrival_utc"]
        )
    }

    public func flight(id: Int64) throws(PortunusError) -> StoredFlight? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM flight WHERE id = ?", arguments: [id]).map(TargetingStore.flight) }
    }

    /// A flight as listed: with how many travellers it carries and how many await vetting.
    public struct FlightSummary: Sendable, Hashable {
        public var flight: StoredFlight
        public var travellers: Int
        public var vetting: Int
        public var open: Int
    }

    /// Flights by departure day (newest first), optionally one day and one airport.
    public func flights(date: String?, airport: String?, limit: Int) throws(PortunusError) -> [FlightSummary] {
        try read { db in
            var filter = SQLFilter()
            if let date { filter.add("f.departure_date = ?", date) }
            if let airport { filter.add("(f.origin = ? OR f.destination = ?)", airport, airport) }
            // Items still awaiting an officer's decision.
            let awaiting: [any DatabaseValueConvertible] = [VettingStatus.new.rawValue, VettingStatus.inReview.rawValue]
            let sql = """
                SELECT f.*, (SELECT COUNT(DISTINCT traveller_id) FROM passenger p WHERE p.flight_id = f.id) AS travellers,
                    (SELECT COUNT(*) FROM vetting v WHERE v.flight_id = f.id) AS vetting,
                    (SELECT COUNT(*) FROM vetting v WHERE v.flight_id = f.id AND v.status IN (?, ?)) AS open
                FROM flight f\(filter.whereClause)
                ORDER BY f.departure_date DESC, f.departure_time DESC, f.id DESC LIMIT ?
                """
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(awaiting + filter.arguments + [limit])).map {
                FlightSummary(flight: TargetingStore.flight($0), travellers: $0["travellers"], vetting: $0["vetting"], open: $0["open"])
            }
        }
    }

    static func passenger(_ row: Row) throws -> StoredPassenger {
        StoredPassenger(
            id: row["id"], flightID: row["flight_id"], travellerID: row["traveller_id"], messageID: row["message_id"], source: row["source"],
            role: row["role"], locator: row["booking"], person: try row.jsonValue("person_json", in: "passenger"),
            booking: try row.jsonValueIfPresent("booking_json", in: "passenger"), link: try row.jsonValue("link_json", in: "passenger"),
            receivedAt: try row.time("received_at", in: "passenger"), depersonalisedAt: try row.timeIfPresent("depersonalised_at", in: "passenger"))
    }

    static func personText(_ person: TravelMessage.Person) throws -> String {
        try JSONColumn.text(person, column: "person_json", table: "passenger")
    }

    static func bookingText(_ booking: TravelMessage.Booking) throws -> String {
        try JSONColumn.text(booking, column: "booking_json", table: "passenger")
    }

    /// Every passenger row of these flights, oldest first.
    public func passengers(flights: [Int64]) throws(PortunusError) -> [StoredPassenger] {
        guard !flights.isEmpty else { return [] }
        return try read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM passenger WHERE flight_id IN (\(flights.map { _ in "?" }.joined(separator: ","))) ORDER BY id",
                arguments: StatementArguments(flights)
            ).map(TargetingStore.passenger)
        }
    }

    /// The traveller's appearances with their flights, in order of departure.
    public func history(traveller id: Int64) throws(PortunusError) -> [(passenger: StoredPassenger, flight: StoredFlight)] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT p.*, f.id AS f_id, f.number, f.origin, f.destination, f.departure_date, f.departure_time, f.arrival_time, f.departure_utc, f.arrival_utc
                    FROM passenger p JOIN flight f ON f.id = p.flight_id WHERE p.traveller_id = ? ORDER BY f.departure_date, f.departure_time, p.id
                    """, arguments: [id]
            ).map { row in
                var flight = TargetingStore.flight(row)
                flight.id = row["f_id"]
                return (try TargetingStore.passenger(row), flight)
            }
        }
    }

    /// Travellers who shared a booking with this one on a flight, with how many flights.
    public func coTravellers(traveller id: Int64) throws(PortunusError) -> [(traveller: Int64, flights: Int)] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT p2.traveller_id AS other, COUNT(DISTINCT p2.flight_id) AS flights FROM passenger p1
                    JOIN passenger p2 ON p2.booking = p1.booking AND p2.flight_id = p1.flight_id AND p2.traveller_id != p1.traveller_id
                    WHERE p1.traveller_id = ? AND p1.booking IS NOT NULL GROUP BY p2.traveller_id ORDER BY flights DESC, other
                    """, arguments: [id]
            ).map { ($0["other"], $0["flights"]) }
        }
    }

    /// How many flights each traveller is on record for.
    public func flightCounts(travellers: [Int64]) throws(PortunusError) -> [Int64: Int] {
        guard !travellers.isEmpty else { return [:] }
        return try read { db in
            var counts: [Int64: Int] = [:]
            for start in stride(from: 0, to: travellers.count, by: 500) {
                let chunk = Array(travellers[start..<min(start + 500, travellers.count)])
                let sql =
                    "SELECT traveller_id, COUNT(DISTINCT flight_id) AS flights FROM passenger WHERE traveller_id IN ("
                    + chunk.map { _ in "?" }.joined(separator: ",") + ") GROUP BY traveller_id"
                for row in try Row.fetchAll(db, sql: sql, arguments: StatementArguments(chunk)) {
                    counts[row["traveller_id"]] = row["flights"]
                }
            }
            return counts
        }
    }

    /// Flights departing on or after a day (those worth re-screening when a list changes).
    public func flightIDs(departingFrom date: String?) throws(PortunusError) -> [Int64] {
        try read { db in
            if let date { return try Int64.fetchAll(db, sql: "SELECT id FROM flight WHERE departure_date >= ? ORDER BY id", arguments: [date]) }
            return try Int64.fetchAll(db, sql: "SELECT id FROM flight ORDER BY id")
        }
    }

    // MARK: Watch lists

    static func watchList(_ row: Row) throws -> StoredWatchList {
        StoredWatchList(
            id: row["id"], name: row["name"], kind: row["kind"], description: row["description"],
            createdAt: try row.time("created_at", in: "watch_list"),
            entries: row["entries"] ?? 0)
    }

    public func createWatchList(name: String, kind: String, description: String) throws(PortunusError) -> StoredWatchList {
        let createdAt = Date.storedNow
        return try write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM watch_list WHERE name = ?", arguments: [name]) == true {
                throw PortunusError(.conflict, "a watch list of this name exists", field: "/name")
            }
            try db.execute(
                sql: "INSERT INTO watch_list (name, kind, description, created_at) VALUES (?, ?, ?, ?)",
                arguments: [name, kind, description, ISO8601.format(createdAt)])
            try TargetingStore.bumpWatchListGeneration(db)
            return StoredWatchList(id: db.lastInsertedRowID, name: name, kind: kind, description: description, createdAt: createdAt, entries: 0)
        }
    }

    public func watchLists() throws(PortunusError) -> [StoredWatchList] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT l.*, (SELECT COUNT(*) FROM watch_list_entry e WHERE e.list_id = l.id AND e.removed_at IS NULL) AS entries
                    FROM watch_list l ORDER BY l.name
                    """
            ).map(TargetingStore.watchList)
        }
    }

    public func watchList(named name: String) throws(PortunusError) -> StoredWatchList? {
        try read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT l.*, (SELECT COUNT(*) FROM watch_list_entry e WHERE e.list_id = l.id AND e.removed_at IS NULL) AS entries
                    FROM watch_list l WHERE l.name = ?
                    """, arguments: [name]
            ).map(TargetingStore.watchList)
        }
    }

    /// A number that changes whenever a list or an entry changes: screening caches its index
    /// under it.
    public func watchListGeneration() throws(PortunusError) -> Int64 {
        try read { db in
            try Data.fetchOne(db, sql: "SELECT value FROM setting WHERE name = 'watch_list_generation'")
                .flatMap { Int64(String(decoding: $0, as: UTF8.self)) } ?? 0
        }
    }

    static func bumpWatchListGeneration(_ db: Database) throws {
        let current =
            try Data.fetchOne(db, sql: "SELECT value FROM setting WHERE name = 'watch_list_generation'")
            .flatMap { Int64(String(decoding: $0, as: UTF8.self)) } ?? 0
        try db.execute(
            sql: "INSERT OR REPLACE INTO setting (name, value) VALUES ('watch_list_generation', ?)", arguments: [Data(String(current + 1).utf8)])
    }

    static func entry(_ row: Row) throws -> StoredWatchListEntry {
        let names: [String] = try row.jsonValue("names_json", in: "watch_list_entry")
        return StoredWatchListEntry(
            id: row["id"], list: row["list_name"], externalID: row["external_id"], category: row["category"], severity: row["severity"],
            names: names, birthDate: row["birth_date"], nationality: row["nationality"], documentNumber: row["document_number"],
            documentCountry: row["document_country"], travellerID: row["traveller_id"], addedAt: try row.time("added_at", in: "watch_list_entry"),
            addedBy: row["added_by"], removedAt: try row.timeIfPresent("removed_at", in: "watch_list_entry"))
    }

    /// Adds or replaces entries of one list by their external id, in one transaction:
    /// how many were added, changed, and already present as given.
    public func upsertWatchListEntries(listID: Int64, _ entries: [StoredWatchListEntry], by actor: String) throws(PortunusError)
        -> (added: Int, updated: Int, unchanged: Int, ids: [Int64])
    {
        try write { db in
            var added = 0
            var updated = 0
            var unchanged = 0
            var ids: [Int64] = []
            let now = ISO8601.format(Date())
            for entry in entries {
                let names = try JSONColumn.text(entry.names, column: "names_json", table: "watch_list_entry")
                if let row = try Row.fetchOne(
                    db, sql: "SELECT e.*, '' AS list_name FROM watch_list_entry e WHERE list_id = ? AND external_id = ?",
                    arguments: [listID, entry.externalID])
                {
                    let existing = try TargetingStore.entry(row)
                    ids.append(existing.id)
                    if existing.sameContent(as: entry) {
                        unchanged += 1
                        continue
                    }
                    try db.execute(
                        sql: """
                            UPDATE watch_list_entry SET category = ?, severity = ?, names_json = ?, birth_date = ?, nationality = ?, document_number = ?,
                                document_country = ?, added_at = ?, added_by = ?, removed_at = NULL WHERE id = ?
                            """,
                        arguments: [
                            entry.category, entry.severity, names, entry.birthDate, entry.nationality, entry.documentNumber,
                            entry.documentCountry, now, actor, existing.id,
                        ])
                    updated += 1
                } else {
                    try db.execute(
                        sql: """
                            INSERT INTO watch_list_entry (list_id, external_id, category, severity, names_json, birth_date, nationality, document_number,
                                document_country, traveller_id, added_at, added_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [
                            listID, entry.externalID, entry.category, entry.severity, names, entry.birthDate, entry.nationality,
                            entry.documentNumber, entry.documentCountry, entry.travellerID, now, actor,
                        ])
                    ids.append(db.lastInsertedRowID)
                    added += 1
                }
            }
            if added + updated > 0 { try TargetingStore.bumpWatchListGeneration(db) }
            return (added, updated, unchanged, ids)
        }
    }

    /// Entries of one list (or every list) in id order, from `after`; removed ones only when asked.
    public func watchListEntries(listID: Int64?, after: Int64 = 0, limit: Int = .max, includeRemoved: Bool = false) throws(PortunusError)
        -> [StoredWatchListEntry]
    {
        try read { db in
            var sql = "SELECT e.*, l.name AS list_name FROM watch_list_entry e JOIN watch_list l ON l.id = e.list_id WHERE e.id > ?"
            var arguments: [any DatabaseValueConvertible] = [after]
            if let listID {
                sql += " AND e.list_id = ?"
                arguments.append(listID)
            }
            if !includeRemoved { sql += " AND e.removed_at IS NULL" }
            sql += " ORDER BY e.id LIMIT ?"
            arguments.append(limit == .max ? -1 : limit)
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map(TargetingStore.entry)
        }
    }

    public func watchListEntry(id: Int64) throws(PortunusError) -> StoredWatchListEntry? {
        try read { db in
            try Row.fetchOne(
                db, sql: "SELECT e.*, l.name AS list_name FROM watch_list_entry e JOIN watch_list l ON l.id = e.list_id WHERE e.id = ?",
                arguments: [id]
            ).map(TargetingStore.entry)
        }
    }

    /// Marks an entry removed (it no longer hits; its row stays for the hits it made).
    public func removeWatchListEntry(id: Int64, listID: Int64) throws(PortunusError) -> Bool {
        try write { db in
            try db.execute(
                sql: "UPDATE watch_list_entry SET removed_at = ? WHERE id = ? AND list_id = ? AND removed_at IS NULL",
                arguments: [ISO8601.format(Date()), id, listID])
            guard db.changesCount > 0 else { return false }
            try TargetingStore.bumpWatchListGeneration(db)
            return true
        }
    }

    // MARK: Travel rules

    public func saveTravelRules(yaml: String, by actor: String) throws(PortunusError) -> Int64 {
        try write { db in
            try db.execute(
                sql: "INSERT INTO travel_rule_set (yaml, created_at, created_by) VALUES (?, ?, ?)", arguments: [yaml, ISO8601.format(Date()), actor])
            return db.lastInsertedRowID
        }
    }

    public func latestTravelRules() throws(PortunusError) -> (version: Int64, yaml: String, createdAt: Date, createdBy: String)? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM travel_rule_set ORDER BY version DESC LIMIT 1").map {
                ($0["version"], $0["yaml"], try $0.time("created_at", in: "travel_rule_set"), $0["created_by"])
            }
        }
    }

    // MARK: Hits and vetting

    /// Stores a traveller's hits on a flight: the vetting item is created (status new) on
    /// the first hit; hits already stored are kept as they are. When hits are new, the item
    /// takes the status `afterNewHit` gives for its current one (the domain's transition: a
    /// cleared item opens again), in the same transaction. Returns the item's id and how many
    /// hits were new.
    public func recordHits(
        flightID: Int64, travellerID: Int64, _ hits: [NewTravelHit],
        afterNewHit: (VettingStatus) throws(VettingStatus.Refusal) -> VettingStatus
    ) throws(PortunusError) -> (vettingID: Int64, added: Int)? {
        guard !hits.isEmpty else { return nil }
        return try write { db in
            let now = ISO8601.format(Date())
            let severity = hits.map(\.severity).max() ?? 1
            var vettingID: Int64
            var status = VettingStatus.new
            if let row = try Row.fetchOne(
                db, sql: "SELECT id, status FROM vetting WHERE flight_id = ? AND traveller_id = ?", arguments: [flightID, travellerID])
            {
                vettingID = row["id"]
                status = try row.domainValue("status", in: "vetting")
            } else {
                try db.execute(
                    sql: "INSERT INTO vetting (flight_id, traveller_id, status, severity, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [flightID, travellerID, status.rawValue, severity, now, now])
                vettingID = db.lastInsertedRowID
            }
            var added = 0
            for hit in hits {
                let reasons = try JSONColumn.text(hit.reasons, column: "reasons_json", table: "travel_hit")
                try db.execute(
                    sql: """
                        INSERT OR IGNORE INTO travel_hit (vetting_id, kind, reference, list, category, severity, score, reasons_json, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [vettingID, hit.kind, hit.reference, hit.list, hit.category, hit.severity, hit.score, reasons, now])
                if db.changesCount > 0 {
                    added += 1
                    try db.execute(
                        sql: "INSERT INTO vetting_event (vetting_id, at, by, kind, value) VALUES (?, ?, 'screening', 'hit', ?)",
                        arguments: [vettingID, now, "\(hit.kind):\(hit.reference)"])
                }
            }
            if added > 0 {
                try db.execute(
                    sql: "UPDATE vetting SET severity = MAX(severity, ?), updated_at = ? WHERE id = ?", arguments: [severity, now, vettingID])
                let next: VettingStatus = try Self.transition(status, afterNewHit)
                if next != status {
                    try db.execute(sql: "UPDATE vetting SET status = ? WHERE id = ?", arguments: [next.rawValue, vettingID])
                    try db.execute(
                        sql: "INSERT INTO vetting_event (vetting_id, at, by, kind, value, note) VALUES (?, ?, 'screening', 'status', ?, ?)",
                        arguments: [vettingID, now, next.rawValue, "opened again: a new hit"])
                }
            }
            return (vettingID, added)
        }
    }

    static func vetting(_ db: Database, _ row: Row) throws -> StoredVetting {
        let id: Int64 = row["id"]
        var item = StoredVetting(
            id: id, flightID: row["flight_id"], travellerID: row["traveller_id"], status: try row.domainValue("status", in: "vetting"),
            severity: row["severity"],
            createdAt: try row.time("created_at", in: "vetting"), updatedAt: try row.time("updated_at", in: "vetting"))
        item.hits = try Row.fetchAll(db, sql: "SELECT * FROM travel_hit WHERE vetting_id = ? ORDER BY severity DESC, score DESC, id", arguments: [id])
            .map {
                StoredTravelHit(
                    id: $0["id"], vettingID: id,
                    found: NewTravelHit(
                        kind: $0["kind"], reference: $0["reference"], list: $0["list"], category: $0["category"], severity: $0["severity"],
                        score: $0["score"], reasons: try $0.jsonValue("reasons_json", in: "travel_hit")),
                    createdAt: try $0.time("created_at", in: "travel_hit"))
            }
        item.events = try Row.fetchAll(
            db,
            sql: """
                SELECT e.*, o.ledger_index FROM vetting_event e LEFT JOIN ledger_outbox o ON o.seq = e.ledger_seq WHERE e.vetting_id = ? ORDER BY e.id
                """, arguments: [id]
        ).map {
            StoredVetting.Event(
                at: try $0.time("at", in: "vetting_event"), by: $0["by"], kind: $0["kind"], value: $0["value"], note: $0["note"],
                ledgerIndex: LedgerOutboxStore.ledgerIndex($0))
        }
        item.lookout = try Row.fetchOne(db, sql: "SELECT * FROM lookout WHERE vetting_id = ?", arguments: [id]).map(TargetingStore.lookout)
        return item
    }

    static func lookout(_ row: Row) throws -> StoredLookout {
        StoredLookout(
            id: row["id"], vettingID: row["vetting_id"], port: row["port"], status: try row.domainValue("status", in: "lookout"),
            outcome: try row.domainValueIfPresent("outcome", in: "lookout"),
            createdAt: try row.time("created_at", in: "lookout"), createdBy: row["created_by"], updatedAt: try row.time("updated_at", in: "lookout"))
    }

    public func vetting(id: Int64) throws(PortunusError) -> StoredVetting? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM vetting WHERE id = ?", arguments: [id]).map { try TargetingStore.vetting(db, $0) } }
    }

    /// The vetting list: one flight's items, or every item of a status, most severe first.
    public func vettingList(flightID: Int64?, travellerID: Int64? = nil, status: VettingStatus?, limit: Int) throws(PortunusError) -> [StoredVetting]
    {
        try read { db in
            var filter = SQLFilter()
            if let flightID { filter.add("flight_id = ?", flightID) }
            if let travellerID { filter.add("traveller_id = ?", travellerID) }
            if let status { filter.add("status = ?", status.rawValue) }
            return try Row.fetchAll(
                db, sql: "SELECT * FROM vetting\(filter.whereClause) ORDER BY severity DESC, id DESC LIMIT ?",
                arguments: StatementArguments(filter.arguments + [limit])
            ).map { try TargetingStore.vetting(db, $0) }
        }
    }

    /// Moves an item to the status `transform` gives for its current one (the domain's
    /// transition, which may refuse), with the audit event and the ledger entry: the read, the
    /// transition and the writes are one transaction, so two officers cannot both move the item
    /// from the same status.
    public func changeVettingStatus(
        id: Int64, by actor: String, note: String?, ledger: LedgerOutboxEntry,
        transform: (VettingStatus) throws(VettingStatus.Refusal) -> VettingStatus
    ) throws(PortunusError) {
        try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT status FROM vetting WHERE id = ?", arguments: [id]) else {
                throw PortunusError(.notFound, "no such vetting item", field: "id")
            }
            let from: VettingStatus = try row.domainValue("status", in: "vetting")
            let to: VettingStatus = try Self.transition(from, transform)
            try db.execute(sql: "UPDATE vetting SET status = ?, updated_at = ? WHERE id = ?", arguments: [to.rawValue, ISO8601.format(Date()), id])
            try TargetingStore.vettingEvent(
                db, id: id, by: actor, kind: "status", value: to.rawValue, note: note, ledger: ledger, audit: "travel.vetting.status",
                subject: "vetting:\(id) \(from)→\(to)")
        }
    }

    static func vettingEvent(
        _ db: Database, id: Int64, by actor: String, kind: String, value: String, note: String?, ledger: LedgerOutboxEntry?,
        audit: String, subject: String
    ) throws {
        let seq = try ledger.map { try LedgerOutboxStore.enqueue(db, [$0])[0] }
        try db.execute(
            sql: "INSERT INTO vetting_event (vetting_id, at, by, kind, value, note, ledger_seq) VALUES (?, ?, ?, ?, ?, ?, ?)",
            arguments: [id, ISO8601.format(Date()), actor, kind, value, note, seq])
        try KeyStore.recordAudit(db, keyID: actor, action: audit, subject: subject)
    }

    public func addVettingNote(id: Int64, by actor: String, text: String) throws(PortunusError) {
        try write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM vetting WHERE id = ?", arguments: [id]) == true else {
                throw PortunusError(.notFound, "no such vetting item", field: "id")
            }
            try TargetingStore.vettingEvent(
                db, id: id, by: actor, kind: "note", value: "note", note: text, ledger: nil, audit: "travel.vetting.note", subject: "vetting:\(id)")
        }
    }

    /// Promotes an item to a port-of-entry lookout, in the state `transform` gives for the
    /// item's lookout (nil: none yet; the domain's transition, which may refuse), at `port`.
    /// The read, the transition and the writes are one transaction.
    public func promoteLookout(
        vettingID: Int64, port: String, by actor: String, note: String?, ledger: LedgerOutboxEntry,
        transform: (LookoutState?) throws(LookoutState.Refusal) -> LookoutState
    ) throws(PortunusError) -> Int64 {
        try write { db in
            let now = ISO8601.format(Date())
            let existing = try Row.fetchOne(db, sql: "SELECT * FROM lookout WHERE vetting_id = ?", arguments: [vettingID]).map(TargetingStore.lookout)
            let state: LookoutState = try Self.transition(existing?.state, transform)
            if let existing {
                try db.execute(
                    sql: "UPDATE lookout SET status = ?, port = ?, outcome = ?, updated_at = ? WHERE id = ?",
                    arguments: [state.status.rawValue, port, state.outcome?.rawValue, now, existing.id])
            } else {
                try db.execute(
                    sql: "INSERT INTO lookout (vetting_id, port, status, outcome, created_at, created_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    arguments: [vettingID, port, state.status.rawValue, state.outcome?.rawValue, now, actor, now])
            }
            let lookoutID = try Int64.fetchOne(db, sql: "SELECT id FROM lookout WHERE vetting_id = ?", arguments: [vettingID])!
            try TargetingStore.vettingEvent(
                db, id: vettingID, by: actor, kind: "lookout", value: port, note: note, ledger: ledger, audit: "travel.lookout.promote",
                subject: "lookout:\(lookoutID) vetting:\(vettingID) port:\(port)")
            return lookoutID
        }
    }

    /// Ends a lookout in the state `transform` gives for its current one (the domain's
    /// transition: closed with the encounter's outcome, or demoted; it may refuse). The read,
    /// the transition and the writes are one transaction.
    public func closeLookout(
        id: Int64, by actor: String, note: String?, ledger: LedgerOutboxEntry,
        transform: (LookoutState) throws(LookoutState.Refusal) -> LookoutState
    ) throws(PortunusError) {
        try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM lookout WHERE id = ?", arguments: [id]) else {
                throw PortunusError(.notFound, "no such lookout", field: "id")
            }
            let lookout = try TargetingStore.lookout(row)
            let state: LookoutState = try Self.transition(lookout.state, transform)
            let outcome = state.outcome?.rawValue
            try db.execute(
                sql: "UPDATE lookout SET status = ?, outcome = ?, updated_at = ? WHERE id = ?",
                arguments: [state.status.rawValue, outcome, ISO8601.format(Date()), id])
            try TargetingStore.vettingEvent(
                db, id: lookout.vettingID, by: actor, kind: outcome == nil ? "demote" : "outcome", value: outcome ?? "demoted", note: note,
                ledger: ledger, audit: outcome == nil ? "travel.lookout.demote" : "travel.lookout.outcome",
                subject: "lookout:\(id) \(outcome ?? "demoted")")
        }
    }

    public func lookout(id: Int64) throws(PortunusError) -> StoredLookout? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM lookout WHERE id = ?", arguments: [id]).map(TargetingStore.lookout) }
    }

    public func lookouts(port: String?, status: LookoutState.Status?, limit: Int) throws(PortunusError) -> [StoredLookout] {
        try read { db in
            var filter = SQLFilter()
            if let port { filter.add("port = ?", port) }
            if let status { filter.add("status = ?", status.rawValue) }
            return try Row.fetchAll(
                db, sql: "SELECT * FROM lookout\(filter.whereClause) ORDER BY id DESC LIMIT ?",
                arguments: StatementArguments(filter.arguments + [limit])
            ).map(TargetingStore.lookout)
        }
    }

    /// Records one unmasking with its justification, and its ledger entry.
    public func recordUnmask(keyID: String, subject: String, justification: String, ledger: LedgerOutboxEntry) throws(PortunusError) {
        try write { db in
            try db.execute(
                sql: "INSERT INTO audit_event (at, key_id, action, subject, justification) VALUES (?, ?, 'travel.unmask', ?, ?)",
                arguments: [ISO8601.format(Date()), keyID, subject, justification])
            try LedgerOutboxStore.enqueue(db, [ledger])
        }
    }

    /// The justification recorded with the most recent unmasking of a subject by a key.
    public func unmaskJustifications(subject: String) throws(PortunusError) -> [(keyID: String, at: Date, justification: String)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit_event WHERE action = 'travel.unmask' AND subject = ? ORDER BY id", arguments: [subject])
                .map {
                    ($0["key_id"], try $0.time("at", in: "audit_event"), $0["justification"] ?? "")
                }
        }
    }

    // MARK: Retention

    /// Passenger rows received before `cutoff` and not yet depersonalised, oldest first.
    ///
    /// Retention must not stop at a row it cannot read, nor keep one past its deadline: a row
    /// whose person or booking does not decode comes back with an empty person (no name, no date
    /// of birth, no document) and no booking, so that depersonalising it erases what it held.
    public func passengersToDepersonalise(receivedBefore cutoff: String, limit: Int) throws(PortunusError) -> [StoredPassenger] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM passenger WHERE received_at < ? AND depersonalised_at IS NULL ORDER BY id LIMIT ?",
                arguments: [cutoff, limit]
            ).map { row in
                if let passenger = try? TargetingStore.passenger(row) { return passenger }
                let role: String = row["role"]
                let blank = try JSONSerialization.data(withJSONObject: [
                    "role": role, "surname": "", "given_names": "", "gender": "U", "documents": [String](),
                ])
                let erased = try JSONDecoder().decode(TravelMessage.Person.self, from: blank)
                return StoredPassenger(
                    id: row["id"], flightID: row["flight_id"], travellerID: row["traveller_id"], messageID: row["message_id"],
                    source: row["source"], role: row["role"], locator: row["booking"], person: erased, booking: nil,
                    link: (try? row.jsonValue("link_json", in: "passenger")) ?? LinkEvidence(method: "unknown", nameScore: nil, reasons: []),
                    receivedAt: try row.time("received_at", in: "passenger"),
                    depersonalisedAt: try row.timeIfPresent("depersonalised_at", in: "passenger"))
            }
        }
    }

    /// Messages received before `cutoff` and not yet depersonalised: id and parsed messages.
    public func messagesToDepersonalise(receivedBefore cutoff: String, limit: Int) throws(PortunusError) -> [(id: Int64, messages: [TravelMessage])] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT id, parsed_json FROM travel_message WHERE received_at < ? AND depersonalised_at IS NULL ORDER BY id LIMIT ?",
                arguments: [cutoff, limit]
            ).map { row in
                // A reading that no longer decodes is erased (no messages) rather than kept.
                (row["id"], (try? row.jsonValue("parsed_json", in: "travel_message")) ?? [])
            }
        }
    }

    /// Replaces personal data in one batch, in one transaction: passenger rows and messages
    /// take their depersonalised person, booking and messages (a message's raw bytes are
    /// cleared; its hash stays so a file sent again is still recognised); travellers whose
    /// every row is now depersonalised lose names, date of birth and documents. Returns how
    /// many travellers were.
    public func depersonalise(
        passengers: [(id: Int64, person: TravelMessage.Person, booking: TravelMessage.Booking?)], messages: [(id: Int64, messages: [TravelMessage])],
        by actor: String
    ) throws(PortunusError) -> Int {
        try write { db in
            let now = ISO8601.format(Date())
            var touched = Set<Int64>()
            for passenger in passengers {
                try db.execute(
                    sql: "UPDATE passenger SET person_json = ?, booking_json = ?, depersonalised_at = ? WHERE id = ?",
                    arguments: [
                        try TargetingStore.personText(passenger.person), try passenger.booking.map(TargetingStore.bookingText), now, passenger.id,
                    ])
                if let traveller = try Int64.fetchOne(db, sql: "SELECT traveller_id FROM passenger WHERE id = ?", arguments: [passenger.id]) {
                    touched.insert(traveller)
                }
            }
            for message in messages {
                try db.execute(
                    sql: "UPDATE travel_message SET raw = x'', parsed_json = ?, depersonalised_at = ? WHERE id = ?",
                    arguments: [try TravelFileStore.parsedText(message.messages), now, message.id])
            }
            var travellers = 0
            for traveller in touched.sorted() {
                let open =
                    try Int.fetchOne(
                        db, sql: "SELECT COUNT(*) FROM passenger WHERE traveller_id = ? AND depersonalised_at IS NULL", arguments: [traveller]) ?? 0
                guard open == 0 else { continue }
                try db.execute(
                    sql: """
                        UPDATE traveller SET surname = NULL, given_names = NULL, date_of_birth = NULL, depersonalised_at = ? WHERE id = ? AND depersonalised_at IS NULL
                        """, arguments: [now, traveller])
                travellers += db.changesCount
                try db.execute(sql: "DELETE FROM traveller_document WHERE traveller_id = ?", arguments: [traveller])
            }
            if !passengers.isEmpty || !messages.isEmpty {
                try KeyStore.recordAudit(
                    db, keyID: actor, action: "travel.retention.depersonalise",
                    subject: "passengers:\(passengers.count) messages:\(messages.count) travellers:\(travellers)")
            }
            return travellers
        }
    }

    /// Deletes what was received before `cutoff`: passenger rows and messages, then travellers
    /// left with no row (with their vetting items, hits, events and lookouts) and flights left
    /// empty. Returns the counts.
    public func deleteTravel(receivedBefore cutoff: String, by actor: String) throws(PortunusError)
        -> (passengers: Int, messages: Int, travellers: Int, flights: Int)
    {
        try write { db in
            try db.execute(sql: "DELETE FROM passenger WHERE received_at < ?", arguments: [cutoff])
            let passengers = db.changesCount
            try db.execute(
                sql: "DELETE FROM travel_message WHERE received_at < ? AND id NOT IN (SELECT message_id FROM passenger)", arguments: [cutoff])
            let messages = db.changesCount
            let orphans = "SELECT id FROM traveller WHERE id NOT IN (SELECT traveller_id FROM passenger)"
            try db.execute(sql: "UPDATE watch_list_entry SET traveller_id = NULL WHERE traveller_id IN (\(orphans))")
            try db.execute(sql: "DELETE FROM vetting WHERE traveller_id IN (\(orphans))")
            try db.execute(sql: "DELETE FROM traveller WHERE id NOT IN (SELECT traveller_id FROM passenger)")
            let travellers = db.changesCount
            try db.execute(sql: "DELETE FROM flight WHERE id NOT IN (SELECT flight_id FROM passenger) AND id NOT IN (SELECT flight_id FROM vetting)")
            let flights = db.changesCount
            if passengers + messages + travellers + flights > 0 {
                try KeyStore.recordAudit(
                    db, keyID: actor, action: "travel.retention.delete",
                    subject: "passengers:\(passengers) messages:\(messages) travellers:\(travellers) flights:\(flights)")
            }
            return (passengers, messages, travellers, flights)
        }
    }
}
