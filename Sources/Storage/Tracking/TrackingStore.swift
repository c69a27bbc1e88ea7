import Foundation
import GRDB
import PortunusCore
import RiskEngine
import Tracking

/// Cargo tracking: transit movements and their state, devices' positions, seal events, alerts and
/// the webhooks that deliver them.
public struct TrackingStore: AggregateStore {
    let engine: PortunusStore
}

extension TrackingStore {
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
            let seals = try JSONColumn.text(movement.seals, column: "seals", table: "transit_movement")
            try db.execute(
                sql: """
                    INSERT INTO transit_movement (reference, device, departure_office, destination_office, corridor, deadline, seals, declaration_id, state,
                    opened_at, opened_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    movement.reference, movement.device, movement.departureOffice, movement.destinationOffice, movement.corridor,
                    ISO8601.format(movement.deadline), seals, movement.declarationID, TransitMovement.State.opened.rawValue, now, actor, now,
                ])
            try db.execute(
                sql: "INSERT INTO transit_movement_event (reference, from_state, to_state, at, by) VALUES (?, NULL, ?, ?, ?)",
                arguments: [movement.reference, TransitMovement.State.opened.rawValue, now, actor])
            try KeyStore.recordAudit(db, keyID: actor, action: "tracking.movement.open", subject: movement.reference)
            return try TrackingStore.movement(
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
            try KeyStore.recordAudit(db, keyID: actor, action: "tracking.movement.\(state.rawValue)", subject: reference)
            return try TrackingStore.movement(
                try Row.fetchOne(db, sql: "SELECT * FROM transit_movement WHERE reference = ?", arguments: [reference])!)
        }
    }

    public func movement(reference: String) throws(PortunusError) -> StoredMovement? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM transit_movement WHERE reference = ?", arguments: [reference]).map(TrackingStore.movement)
        }
    }

    /// Movements (in one state), by reference, from `after`.
    public func movements(state: TransitMovement.State? = nil, after: String? = nil, limit: Int = 1_000) throws(PortunusError) -> [StoredMovement] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM transit_movement WHERE (? IS NULL OR state = ?) AND (? IS NULL OR reference > ?) ORDER BY reference LIMIT ?
                    """, arguments: [state?.rawValue, state?.rawValue, after, after, limit]
            ).map(TrackingStore.movement)
        }
    }

    /// Movements still tracked: every state but discharged.
    public func trackedMovements() throws(PortunusError) -> [StoredMovement] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM transit_movement WHERE state <> ? ORDER BY reference", arguments: [TransitMovement.State.discharged.rawValue]
            ).map(TrackingStore.movement)
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
        StoredMovement(
            reference: row["reference"], device: row["device"], departureOffice: row["departure_office"],
            destinationOffice: row["destination_office"],
            corridor: row["corridor"], deadline: try row.time("deadline", in: "transit_movement"),
            seals: try row.jsonValue("seals", in: "transit_movement"),
            declarationID: row["declaration_id"], state: try row.domainValue("state", in: "transit_movement"),
            openedAt: try row.time("opened_at", in: "transit_movement"),
            openedBy: row["opened_by"],
            updatedAt: try row.time("updated_at", in: "transit_movement"))
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
            let receivedAt = Date(timeIntervalSince1970: received).storedPrecision
            let now = ISO8601.format(receivedAt)
            for transition in batch.transitions {
                try db.execute(
                    sql: "UPDATE transit_movement SET state = ?, updated_at = ? WHERE reference = ?",
                    arguments: [transition.to.rawValue, now, transition.reference])
                try db.execute(
                    sql: "INSERT INTO transit_movement_event (reference, from_state, to_state, at, by, reason) VALUES (?, ?, ?, ?, 'tracking', ?)",
                    arguments: [transition.reference, transition.from?.rawValue, transition.to.rawValue, now, transition.reason])
            }
            let webhooks =
                batch.alerts.isEmpty ? [] : try Row.fetchAll(db, sql: "SELECT * FROM tracking_webhook WHERE active = 1").map(TrackingStore.webhook)
            var stored: [StoredAlert] = []
            for (candidate, raiseTo) in batch.alerts {
                var alert = candidate
                alert.createdAt = receivedAt
                alert.at = alert.at.storedPrecision
                var raisedFrom: Lane?
                if let declaration = alert.declarationID, let raiseTo,
                    let row = try Row.fetchOne(
                        db,
                        sql: "SELECT r.declaration_seq, r.lane FROM risk_decision r JOIN declaration d ON d.seq = r.declaration_seq WHERE d.id = ?",
                        arguments: [declaration])
                {
                    // The lane's life is the domain's (LaneRouting): an alert raises, never lowers.
                    let seq: Int64 = row["declaration_seq"]
                    let current = LaneRouting(assessed: try DecisionStore.lane(row["lane"]), reroutes: try DecisionStore.reroutes(db, seq: seq))
                    let event = LaneRouting.Event.raise(
                        to: raiseTo, reason: "tracking alert \(alert.kind.rawValue) on movement \(alert.movement ?? "-")", by: "tracking",
                        at: receivedAt)
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
                        alert.kind.rawValue, ISO8601.format(alert.at), alert.device, alert.movement, alert.declarationID, alert.latitude,
                        alert.longitude, alert.zone,
                        alert.detail, alert.raisedLane?.rawValue, ISO8601.format(alert.createdAt), alert.operatorLatitude, alert.operatorLongitude,
                    ])
                alert.id = db.lastInsertedRowID
                try LedgerOutboxStore.enqueue(db, ledger(alert, raisedFrom))
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
            ).map(TrackingStore.position)
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
            ).map(TrackingStore.position)
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
            ).map(TrackingStore.alert)
        }
    }

    static func alert(_ row: Row) throws -> StoredAlert {
        StoredAlert(
            id: row["id"], kind: try row.domainValue("kind", in: "tracking_alert"), at: try row.time("at", in: "tracking_alert"),
            device: row["device"], movement: row["movement"],
            declarationID: row["declaration_id"],
            latitude: row["latitude"], longitude: row["longitude"], zone: row["zone"], detail: row["detail"],
            raisedLane: try row.domainValueIfPresent("raised_lane", in: "tracking_alert"),
            createdAt: try row.time("created_at", in: "tracking_alert"), operatorLatitude: row["operator_latitude"],
            operatorLongitude: row["operator_longitude"])
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
            let kindsText = try kinds.map { try JSONColumn.text($0, column: "kinds", table: "tracking_webhook") }
            try db.execute(
                sql: "INSERT INTO tracking_webhook (url, secret, kinds, created_at, created_by) VALUES (?, ?, ?, ?, ?)",
                arguments: [url, secret, kindsText, ISO8601.format(Date()), actor])
            let id = db.lastInsertedRowID
            try KeyStore.recordAudit(db, keyID: actor, action: "tracking.webhook.add", subject: "webhook:\(id)")
            return try Row.fetchOne(db, sql: "SELECT * FROM tracking_webhook WHERE id = ?", arguments: [id]).map(TrackingStore.webhook)!
        }
    }

    public func webhooks() throws(PortunusError) -> [StoredWebhook] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM tracking_webhook WHERE active = 1 ORDER BY id").map(TrackingStore.webhook) }
    }

    /// Stops a webhook and erases its secret (see ``PortunusStore/eraseFromWAL()``); its pending deliveries
    /// are dropped.
    public func removeWebhook(id: Int64, by actor: String) throws(PortunusError) -> Bool {
        defer { engine.eraseFromWAL() }
        return try write { db in
            try db.execute(sql: "UPDATE tracking_webhook SET active = 0, secret = '' WHERE id = ? AND active = 1", arguments: [id])
            guard db.changesCount == 1 else { return false }
            try db.execute(
                sql:
                    "UPDATE tracking_delivery SET failed_at = ?, last_error = 'webhook removed' WHERE webhook_id = ? AND delivered_at IS NULL AND failed_at IS NULL",
                arguments: [ISO8601.format(Date()), id])
            try KeyStore.recordAudit(db, keyID: actor, action: "tracking.webhook.remove", subject: "webhook:\(id)")
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
                        .map(TrackingStore.webhook),
                    let alert = try Row.fetchOne(db, sql: "SELECT * FROM tracking_alert WHERE id = ?", arguments: [row["alert_id"] as Int64]).map(
                        TrackingStore.alert)
                else { return nil }
                return DueDelivery(id: row["delivery_id"], webhook: webhook, alert: alert, attempts: row["attempts"])
            }
        }
    }

    /// The next time any delivery is due (nil: none pending).
    public func nextDeliveryDue() throws(PortunusError) -> Double? {
        try read { db in try WebhookOutbox.tracking.nextDue(db) }
    }

    /// Records an attempt: delivered, retried at `retryAt`, or given up (`retryAt` nil).
    public func recordDeliveryAttempt(_ id: Int64, delivered: Bool, status: Int?, error: String?, retryAt: Double?) throws(PortunusError) {
        try write { db in try WebhookOutbox.tracking.recordAttempt(db, id: id, delivered: delivered, status: status, error: error, retryAt: retryAt) }
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

    static func webhook(_ row: Row) throws -> StoredWebhook {
        StoredWebhook(
            id: row["id"], url: row["url"], secret: row["secret"],
            kinds: try row.jsonValueIfPresent("kinds", in: "tracking_webhook"), active: row["active"],
            createdAt: try row.time("created_at", in: "tracking_webhook"), createdBy: row["created_by"])
    }
}
