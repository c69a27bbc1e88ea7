import Foundation
import GRDB
import PortunusCore
import RiskEngine
import Tracking

/// A transit movement as stored.
public struct StoredMovement: Sendable, Hashable, Encodable {
    public var reference: String
    public var device: String
    public var departureOffice: String?
    public var destinationOffice: String?
    public var corridor: String?
    /// ISO 8601 (UTC).
    public var deadline: String
    public var seals: [String]
    public var declarationID: String?
    public var state: TransitMovement.State
    public var openedAt: String
    public var openedBy: String
    public var updatedAt: String

    public init(
        reference: String, device: String, departureOffice: String?, destinationOffice: String?, corridor: String?, deadline: String,
        seals: [String], declarationID: String?, state: TransitMovement.State = .opened, openedAt: String = "", openedBy: String = "",
        updatedAt: String = ""
    ) {
        self.reference = reference
        self.device = device
        self.departureOffice = departureOffice
        self.destinationOffice = destinationOffice
        self.corridor = corridor
        self.deadline = deadline
        self.seals = seals
        self.declarationID = declarationID
        self.state = state
        self.openedAt = openedAt
        self.openedBy = openedBy
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case reference, device, corridor, deadline, seals, state
        case departureOffice = "departure_office", destinationOffice = "destination_office", declarationID = "declaration"
        case openedAt = "opened_at", openedBy = "opened_by", updatedAt = "updated_at"
    }
}

/// A position as stored; times are Unix seconds.
public struct StoredPosition: Sendable, Hashable, Encodable {
    public var device: String
    public var at: Double
    public var receivedAt: Double
    public var latitude: Double
    public var longitude: Double
    public var speed: Double?
    public var bearing: Double?
    public var altitude: Double?
    public var accuracy: Double?
    public var battery: Double?
    /// `osmand`, `teltonika`, `json`, `remote_id`.
    public var source: String

    public init(
        device: String, at: Double, receivedAt: Double, latitude: Double, longitude: Double, speed: Double? = nil, bearing: Double? = nil,
        altitude: Double? = nil, accuracy: Double? = nil, battery: Double? = nil, source: String
    ) {
        self.device = device
        self.at = at
        self.receivedAt = receivedAt
        self.latitude = latitude
        self.longitude = longitude
        self.speed = speed
        self.bearing = bearing
        self.altitude = altitude
        self.accuracy = accuracy
        self.battery = battery
        self.source = source
    }

    enum CodingKeys: String, CodingKey {
        case device, latitude, longitude, speed, bearing, altitude, accuracy, battery, source
        case at = "time", receivedAt = "received_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(device, forKey: .device)
        try container.encode(ISO8601.format(Date(timeIntervalSince1970: at)), forKey: .at)
        try container.encode(ISO8601.format(Date(timeIntervalSince1970: receivedAt)), forKey: .receivedAt)
        try container.encode(latitude, forKey: .latitude)
        try container.encode(longitude, forKey: .longitude)
        try container.encodeIfPresent(speed, forKey: .speed)
        try container.encodeIfPresent(bearing, forKey: .bearing)
        try container.encodeIfPresent(altitude, forKey: .altitude)
        try container.encodeIfPresent(accuracy, forKey: .accuracy)
        try container.encodeIfPresent(battery, forKey: .battery)
        try container.encode(source, forKey: .source)
    }
}

/// An electronic seal's report as stored; times are Unix seconds.
public struct StoredSealEvent: Sendable, Hashable {
    public var seal: String
    public var kind: SealEvent.Kind
    public var at: Double
    public var receivedAt: Double
    public var source: String

    public init(seal: String, kind: SealEvent.Kind, at: Double, receivedAt: Double, source: String) {
        self.seal = seal
        self.kind = kind
        self.at = at
        self.receivedAt = receivedAt
        self.source = source
    }
}

/// A tracking alert as stored.
public struct StoredAlert: Sendable, Hashable, Encodable {
    public var id: Int64
    public var kind: AlertKind
    /// ISO 8601 (UTC).
    public var at: String
    public var device: String
    public var movement: String?
    public var declarationID: String?
    public var latitude: Double?
    public var longitude: Double?
    public var zone: String?
    public var detail: String
    /// The lane the linked declaration was raised to, when the alert raised it.
    public var raisedLane: Lane?
    public var createdAt: String
    /// A drone operator's position (Remote ID): a person's, shown to those who may read
    /// tracking, never sent to webhooks or written to the ledger.
    public var operatorLatitude: Double?
    public var operatorLongitude: Double?

    public init(
        id: Int64 = 0, kind: AlertKind, at: String, device: String, movement: String?, declarationID: String?, latitude: Double?, longitude: Double?,
        zone: String?, detail: String, raisedLane: Lane? = nil, createdAt: String = "", operatorLatitude: Double? = nil,
        operatorLongitude: Double? = nil
    ) {
        self.id = id
        self.kind = kind
        self.at = at
        self.device = device
        self.movement = movement
        self.declarationID = declarationID
        self.latitude = latitude
        self.longitude = longitude
        self.zone = zone
        self.detail = detail
        self.raisedLane = raisedLane
        self.createdAt = createdAt
        self.operatorLatitude = operatorLatitude
        self.operatorLongitude = operatorLongitude
    }

    /// The alert without the position of a person, for what leaves the building.
    public var withoutPersonalPositions: StoredAlert {
        var copy = self
        copy.operatorLatitude = nil
        copy.operatorLongitude = nil
        return copy
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, at, device, movement, latitude, longitude, zone, detail
        case declarationID = "declaration", raisedLane = "raised_lane", createdAt = "created_at"
        case operatorLatitude = "operator_latitude", operatorLongitude = "operator_longitude"
    }
}

/// A change of a movement's state (`from` is nil for its opening).
public struct MovementTransition: Sendable, Hashable {
    public var reference: String
    public var from: TransitMovement.State?
    public var to: TransitMovement.State
    public var reason: String?

    public init(reference: String, from: TransitMovement.State?, to: TransitMovement.State, reason: String?) {
        self.reference = reference
        self.from = from
        self.to = to
        self.reason = reason
    }
}

/// What the tracking service writes in one transaction: positions and seal reports as
/// received, the alerts they caused, and the state changes of movements.
public struct TrackingBatch: Sendable {
    public var positions: [StoredPosition] = []
    public var seals: [StoredSealEvent] = []
    /// Alerts, each with the lane its declaration should at least be in (nil: raise nothing).
    public var alerts: [(alert: StoredAlert, raiseTo: Lane?)] = []
    public var transitions: [MovementTransition] = []

    public init() {}
    public var isEmpty: Bool { positions.isEmpty && seals.isEmpty && alerts.isEmpty && transitions.isEmpty }
}

/// A webhook alerts are posted to.
public struct StoredWebhook: Sendable, Hashable, Encodable {
    public var id: Int64
    public var url: String
    /// The HMAC-SHA256 key of the `Portunus-Signature` header; never returned by the API.
    public var secret: String
    /// Alert kinds it receives (nil: all).
    public var kinds: [String]?
    public var active: Bool
    public var createdAt: String
    public var createdBy: String

    enum CodingKeys: String, CodingKey {
        case id, url, kinds, active
        case createdAt = "created_at", createdBy = "created_by"
    }
}

/// A delivery due: the webhook, the alert and how often it was tried.
public struct DueDelivery: Sendable, Hashable {
    public var id: Int64
    public var webhook: StoredWebhook
    public var alert: StoredAlert
    public var attempts: Int
}

extension PortunusStore {
    /// Lanes from least to most severe, for "at least this lane".

    // MARK: Movements

    /// Opens a movement; refuses a reference already used and a device already on a
    /// movement that is not discharged.
    public func openMovement(_ movement: StoredMovement, by actor: String) throws(PortunusError) -> StoredMovement {
        try write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM transit_movement WHERE reference = ?", arguments: [movement.reference]) ?? false {
                throw PortunusError(.conflict, "a movement with this reference exists", field: "/reference")
            }
            if let other = try String.fetchOne(
                db, sql: "SELECT reference FROM transit_movement WHERE device = ? AND state <> ?",
                arguments: [movement.device, TransitMovement.State.discharged.rawValue])
            {
                throw PortunusError(.conflict, "the device is on movement \(other), which is not discharged", field: "/device")
            }
            let now = ISO8601.format(Date())
            let seals = String(decoding: try JSONEncoder().encode(movement.seals), as: UTF8.self)
            try db.execute(
                sql: """
                    INSERT INTO transit_movement (reference, device, departure_office, destination_office, corridor, deadline, seals, declaration_id, state,
                    opened_at, opened_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    movement.reference, movement.device, movement.departureOffice, movement.destinationOffice, movement.corridor,
                    movement.deadline, seals, movement.declarationID, TransitMovement.State.opened.rawValue, now, actor, now,
                ])
            try db.execute(
                sql: "INSERT INTO transit_movement_event (reference, from_state, to_state, at, by) VALUES (?, NULL, ?, ?, ?)",
                arguments: [movement.reference, TransitMovement.State.opened.rawValue, now, actor])
            try Self.recordAudit(db, keyID: actor, action: "tracking.movement.open", subject: movement.reference)
            return try Self.movement(
                try Row.fetchOne(db, sql: "SELECT * FROM transit_movement WHERE reference = ?", arguments: [movement.reference])!)
        }
    }

    /// Moves a movement to the state `transform` gives for its current one (the domain's
    /// transition, which may refuse), with a new destination office when given; records who
    /// and why. The read, the transition and the write are one transaction, so two officers
    /// cannot both move the movement from the same state.
    public func updateMovement(
        _ reference: String, destinationOffice: String?, reason: String?, by actor: String,
        transform: (TransitMovement.State) throws(TransitMovement.Refusal) -> TransitMovement.State
    ) throws(PortunusError) -> StoredMovement {
        try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT state FROM transit_movement WHERE reference = ?", arguments: [reference]) else {
                throw PortunusError(.notFound, "no movement with this reference", field: "reference")
            }
            let from: TransitMovement.State = try row.domainValue("state", in: "transit_movement")
            let state: TransitMovement.State = try Self.transition(from, transform)
            let now = ISO8601.format(Date())
            try db.execute(
                sql:
                    "UPDATE transit_movement SET state = ?, destination_office = COALESCE(?, destination_office), updated_at = ? WHERE reference = ?",
                arguments: [state.rawValue, destinationOffice, now, reference])
            try db.execute(
                sql: "INSERT INTO transit_movement_event (reference, from_state, to_state, at, by, reason) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [reference, from.rawValue, state.rawValue, now, actor, reason])
            try Self.recordAudit(db, keyID: actor, action: "tracking.movement.\(state.rawValue)", subject: reference)
            return try Self.movement(try Row.fetchOne(db, sql: "SELECT * FROM transit_movement WHERE reference = ?", arguments: [reference])!)
        }
    }

    public func movement(reference: String) throws(PortunusError) -> StoredMovement? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM transit_movement WHERE reference = ?", arguments: [reference]).map(Self.movement) }
    }

    /// Movements (in one state), by reference, from `after`.
    public func movements(state: TransitMovement.State? = nil, after: String? = nil, limit: Int = 1_000) throws(PortunusError) -> [StoredMovement] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM transit_movement WHERE (? IS NULL OR state = ?) AND (? IS NULL OR reference > ?) ORDER BY reference LIMIT ?
                    """, arguments: [state?.rawValue, state?.rawValue, after, after, limit]
            ).map(Self.movement)
        }
    }

    /// Movements still tracked: every state but discharged.
    public func trackedMovements() throws(PortunusError) -> [StoredMovement] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM transit_movement WHERE state <> ? ORDER BY reference", arguments: [TransitMovement.State.discharged.rawValue]
            ).map(Self.movement)
        }
    }

    public func movementEvents(reference: String) throws(PortunusError) -> [MovementTransition] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM transit_movement_event WHERE reference = ? ORDER BY seq", arguments: [reference]).map {
                MovementTransition(
                    reference: $0["reference"], from: try $0.domainValueIfPresent("from_state", in: "transit_movement_event"),
                    to: try $0.domainValue("to_state", in: "transit_movement_event"), reason: $0["reason"])
            }
        }
    }

    static func movement(_ row: Row) throws -> StoredMovement {
        let seals: String = row["seals"]
        return StoredMovement(
            reference: row["reference"], device: row["device"], departureOffice: row["departure_office"],
            destinationOffice: row["destination_office"],
            corridor: row["corridor"], deadline: row["deadline"], seals: (try? JSONDecoder().decode([String].self, from: Data(seals.utf8))) ?? [],
            declarationID: row["declaration_id"], state: try row.domainValue("state", in: "transit_movement"), openedAt: row["opened_at"],
            openedBy: row["opened_by"],
            updatedAt: row["updated_at"])
    }

    // MARK: Telemetry, alerts and what they raise

    /// Writes a batch in one transaction. Each alert is stored; when it names a declaration
    /// whose current lane is less severe than `raiseTo`, the declaration is re-routed there
    /// (by `tracking`); `ledger` gives each stored alert's ledger entries (and those of the
    /// re-route, given the lane it left); a delivery is queued for every active webhook
    /// that takes the alert's kind. Returns the alerts as stored.
    public func record(_ batch: TrackingBatch, ledger: (StoredAlert, _ raisedFrom: Lane?) -> [LedgerOutboxEntry]) throws(PortunusError)
        -> [StoredAlert]
    {
        guard !batch.isEmpty else { return [] }
        return try write { db in
            let received = Date().timeIntervalSince1970
            if !batch.positions.isEmpty {
                let insert = try db.cachedStatement(
                    sql: """
                        INSERT INTO tracking_position (device, at, received_at, latitude, longitude, speed, bearing, altitude, accuracy, battery, source)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                for p in batch.positions {
                    try insert.execute(arguments: [
                        p.device, p.at, p.receivedAt, p.latitude, p.longitude, p.speed, p.bearing, p.altitude, p.accuracy, p.battery, p.source,
                    ])
                }
            }
            for seal in batch.seals {
                try db.execute(
                    sql: "INSERT INTO seal_event (seal, kind, at, received_at, source) VALUES (?, ?, ?, ?, ?)",
                    arguments: [seal.seal, seal.kind.rawValue, seal.at, seal.receivedAt, seal.source])
            }
            let now = ISO8601.format(Date(timeIntervalSince1970: received))
            for transition in batch.transitions {
                try db.execute(
                    sql: "UPDATE transit_movement SET state = ?, updated_at = ? WHERE reference = ?",
                    arguments: [transition.to.rawValue, now, transition.reference])
                try db.execute(
                    sql: "INSERT INTO transit_movement_event (reference, from_state, to_state, at, by, reason) VALUES (?, ?, ?, ?, 'tracking', ?)",
                    arguments: [transition.reference, transition.from?.rawValue, transition.to.rawValue, now, transition.reason])
            }
            let webhooks = batch.alerts.isEmpty ? [] : try Row.fetchAll(db, sql: "SELECT * FROM tracking_webhook WHERE active = 1").map(Self.webhook)
            var stored: [StoredAlert] = []
            for (candidate, raiseTo) in batch.alerts {
                var alert = candidate
                alert.createdAt = now
                var raisedFrom: Lane?
                if let declaration = alert.declarationID, let raiseTo,
                    let row = try Row.fetchOne(
                        db,
                        sql: "SELECT r.declaration_seq, r.lane FROM risk_decision r JOIN declaration d ON d.seq = r.declaration_seq WHERE d.id = ?",
                        arguments: [declaration])
                {
                    // The lane's life is the domain's (LaneRouting): an alert raises, never lowers.
                    let seq: Int64 = row["declaration_seq"]
                    let current = LaneRouting(assessed: try Self.lane(row["lane"]), reroutes: try Self.reroutes(db, seq: seq))
                    let event = LaneRouting.Event.raise(
                        to: raiseTo, reason: "tracking alert \(alert.kind.rawValue) on movement \(alert.movement ?? "-")", by: "tracking",
                        at: ISO8601.parse(now) ?? Date())
                    // A raise is refused only for a missing reason, which this one has.
                    if let next = try? current.applying(event), let added = next.reroutes.dropFirst(current.reroutes.count).first {
                        try db.execute(
                            sql: "INSERT INTO risk_reroute (declaration_seq, at, by, from_lane, to_lane, reason) VALUES (?, ?, ?, ?, ?, ?)",
                            arguments: [seq, now, added.by, added.from.rawValue, added.to.rawValue, added.reason])
                        raisedFrom = added.from
                        alert.raisedLane = added.to
                    }
                }
                try db.execute(
                    sql: """
                        INSERT INTO tracking_alert (kind, at, device, movement, declaration_id, latitude, longitude, zone, detail, raised_lane, created_at,
                                                    operator_latitude, operator_longitude)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        alert.kind.rawValue, alert.at, alert.device, alert.movement, alert.declarationID, alert.latitude, alert.longitude, alert.zone,
                        alert.detail, alert.raisedLane?.rawValue, alert.createdAt, alert.operatorLatitude, alert.operatorLongitude,
                    ])
                alert.id = db.lastInsertedRowID
                try Self.enqueue(db, ledger(alert, raisedFrom))
                for webhook in webhooks where webhook.kinds?.contains(alert.kind.rawValue) ?? true {
                    try db.execute(
                        sql: "INSERT INTO tracking_delivery (webhook_id, alert_id, next_attempt_at) VALUES (?, ?, ?)",
                        arguments: [webhook.id, alert.id, received])
                }
                stored.append(alert)
            }
            return stored
        }
    }

    /// Positions of a device, oldest first: taken at or after `since`, received at or after
    /// `receivedSince` (Unix seconds).
    public func positions(device: String, since: Double? = nil, receivedSince: Double? = nil, limit: Int = 1_000) throws(PortunusError)
        -> [StoredPosition]
    {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM tracking_position WHERE device = ? AND at >= ? AND received_at >= ? ORDER BY at, seq LIMIT ?",
                arguments: [device, since ?? -Double.greatestFiniteMagnitude, receivedSince ?? -Double.greatestFiniteMagnitude, limit]
            ).map(Self.position)
        }
    }

    /// The last position of each device of a source (drones: `remote_id`) since a time.
    public func lastPositions(source: String, since: Double) throws(PortunusError) -> [StoredPosition] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT p.* FROM tracking_position p JOIN (SELECT device, MAX(seq) AS seq FROM tracking_position WHERE source = ? AND at >= ? GROUP BY device) l
                    ON p.seq = l.seq ORDER BY p.device
                    """, arguments: [source, since]
            ).map(Self.position)
        }
    }

    static func position(_ row: Row) -> StoredPosition {
        StoredPosition(
            device: row["device"], at: row["at"], receivedAt: row["received_at"], latitude: row["latitude"], longitude: row["longitude"],
            speed: row["speed"], bearing: row["bearing"], altitude: row["altitude"], accuracy: row["accuracy"], battery: row["battery"],
            source: row["source"])
    }

    /// Alerts, newest first, filtered by movement and kind, before an id (for paging).
    public func alerts(movement: String? = nil, kind: String? = nil, before: Int64? = nil, after: Int64? = nil, limit: Int = 100)
        throws(PortunusError) -> [StoredAlert]
    {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM tracking_alert WHERE (? IS NULL OR movement = ?) AND (? IS NULL OR kind = ?) AND (? IS NULL OR id < ?) AND (? IS NULL OR id > ?)
                    ORDER BY id DESC LIMIT ?
                    """, arguments: [movement, movement, kind, kind, before, before, after, after, limit]
            ).map(Self.alert)
        }
    }

    static func alert(_ row: Row) throws -> StoredAlert {
        StoredAlert(
            id: row["id"], kind: try row.domainValue("kind", in: "tracking_alert"), at: row["at"], device: row["device"], movement: row["movement"],
            declarationID: row["declaration_id"],
            latitude: row["latitude"], longitude: row["longitude"], zone: row["zone"], detail: row["detail"],
            raisedLane: try row.domainValueIfPresent("raised_lane", in: "tracking_alert"),
            createdAt: row["created_at"], operatorLatitude: row["operator_latitude"], operatorLongitude: row["operator_longitude"])
    }

    /// Keeps what a listener refused: its first `raw` bytes (the caller truncates) and the
    /// length the input had, so a refusal can be diagnosed without the store growing with
    /// whatever a stranger sends.
    public func recordTrackingReject(
        source: String, device: String?, code: String, byteOffset: Int?, detail: String, raw: Data,
        rawLength: Int? = nil
    ) throws(PortunusError) {
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO tracking_reject (source, device, received_at, code, byte_offset, detail, raw, raw_length) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [source, device, ISO8601.format(Date()), code, byteOffset, detail, raw, rawLength ?? raw.count])
        }
    }

    /// What the listeners refused, newest first: source, code, offset, the bytes kept and
    /// the length the input had.
    public func trackingRejects(limit: Int = 100) throws(PortunusError) -> [(source: String, code: String, byteOffset: Int?, raw: Data, length: Int)]
    {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM tracking_reject ORDER BY seq DESC LIMIT ?", arguments: [limit]).map {
                let raw: Data = $0["raw"]
                return (
                    source: $0["source"], code: $0["code"], byteOffset: $0["byte_offset"], raw: raw, length: ($0["raw_length"] as Int?) ?? raw.count
                )
            }
        }
    }

    /// Deletes the refusals received before `date`; returns how many.
    @discardableResult
    public func purgeTrackingRejects(receivedBefore date: Date) throws(PortunusError) -> Int {
        try write { db in
            // received_at is ISO 8601 in UTC with a fixed width, so text order is time order.
            try db.execute(sql: "DELETE FROM tracking_reject WHERE received_at < ?", arguments: [ISO8601.format(date)])
            return db.changesCount
        }
    }

    // MARK: Webhooks

    public func addWebhook(url: String, secret: String, kinds: [String]?, by actor: String) throws(PortunusError) -> StoredWebhook {
        try write { db in
            let kindsText = kinds.map { String(decoding: (try? JSONEncoder().encode($0)) ?? Data("[]".utf8), as: UTF8.self) }
            try db.execute(
                sql: "INSERT INTO tracking_webhook (url, secret, kinds, created_at, created_by) VALUES (?, ?, ?, ?, ?)",
                arguments: [url, secret, kindsText, ISO8601.format(Date()), actor])
            let id = db.lastInsertedRowID
            try Self.recordAudit(db, keyID: actor, action: "tracking.webhook.add", subject: "webhook:\(id)")
            return try Row.fetchOne(db, sql: "SELECT * FROM tracking_webhook WHERE id = ?", arguments: [id]).map(Self.webhook)!
        }
    }

    public func webhooks() throws(PortunusError) -> [StoredWebhook] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM tracking_webhook WHERE active = 1 ORDER BY id").map(Self.webhook) }
    }

    /// Stops a webhook and erases its secret (see ``eraseFromWAL()``); its pending deliveries
    /// are dropped.
    public func removeWebhook(id: Int64, by actor: String) throws(PortunusError) -> Bool {
        defer { eraseFromWAL() }
        return try write { db in
            try db.execute(sql: "UPDATE tracking_webhook SET active = 0, secret = '' WHERE id = ? AND active = 1", arguments: [id])
            guard db.changesCount == 1 else { return false }
            try db.execute(
                sql:
                    "UPDATE tracking_delivery SET failed_at = ?, last_error = 'webhook removed' WHERE webhook_id = ? AND delivered_at IS NULL AND failed_at IS NULL",
                arguments: [ISO8601.format(Date()), id])
            try Self.recordAudit(db, keyID: actor, action: "tracking.webhook.remove", subject: "webhook:\(id)")
            return true
        }
    }

    /// Deliveries due at `now`, oldest first.
    public func dueDeliveries(now: Double, limit: Int) throws(PortunusError) -> [DueDelivery] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT d.id AS delivery_id, d.attempts, d.webhook_id, d.alert_id FROM tracking_delivery d
                    WHERE d.delivered_at IS NULL AND d.failed_at IS NULL AND d.next_attempt_at <= ? ORDER BY d.next_attempt_at, d.id LIMIT ?
                    """, arguments: [now, limit]
            ).compactMap { row in
                guard
                    let webhook = try Row.fetchOne(db, sql: "SELECT * FROM tracking_webhook WHERE id = ?", arguments: [row["webhook_id"] as Int64])
                        .map(Self.webhook),
                    let alert = try Row.fetchOne(db, sql: "SELECT * FROM tracking_alert WHERE id = ?", arguments: [row["alert_id"] as Int64]).map(
                        Self.alert)
                else { return nil }
                return DueDelivery(id: row["delivery_id"], webhook: webhook, alert: alert, attempts: row["attempts"])
            }
        }
    }

    /// The next time any delivery is due (nil: none pending).
    public func nextDeliveryDue() throws(PortunusError) -> Double? {
        try read { db in
            try Double.fetchOne(db, sql: "SELECT MIN(next_attempt_at) FROM tracking_delivery WHERE delivered_at IS NULL AND failed_at IS NULL")
        }
    }

    /// Records an attempt: delivered, retried at `retryAt`, or given up (`retryAt` nil).
    public func recordDeliveryAttempt(_ id: Int64, delivered: Bool, status: Int?, error: String?, retryAt: Double?) throws(PortunusError) {
        try write { db in
            let now = ISO8601.format(Date())
            try db.execute(
                sql: """
                    UPDATE tracking_delivery SET attempts = attempts + 1, last_status = ?, last_error = ?,
                    delivered_at = CASE WHEN ? THEN ? END, failed_at = CASE WHEN NOT ? AND ? IS NULL THEN ? END,
                    next_attempt_at = COALESCE(?, next_attempt_at) WHERE id = ?
                    """, arguments: [status, error, delivered, now, delivered, retryAt, now, retryAt, id])
        }
    }

    /// Deliveries of an alert: webhook, attempts, delivered or failed.
    public func deliveries(alert: Int64) throws(PortunusError) -> [(
        webhook: Int64, attempts: Int, delivered: Bool, failed: Bool, lastStatus: Int?, lastError: String?
    )] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM tracking_delivery WHERE alert_id = ? ORDER BY webhook_id", arguments: [alert]).map {
                (
                    webhook: $0["webhook_id"], attempts: $0["attempts"], delivered: ($0["delivered_at"] as String?) != nil,
                    failed: ($0["failed_at"] as String?) != nil, lastStatus: $0["last_status"], lastError: $0["last_error"]
                )
            }
        }
    }

    static func webhook(_ row: Row) -> StoredWebhook {
        let kinds: String? = row["kinds"]
        return StoredWebhook(
            id: row["id"], url: row["url"], secret: row["secret"],
            kinds: kinds.flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) }, active: row["active"],
            createdAt: row["created_at"], createdBy: row["created_by"])
    }
}
