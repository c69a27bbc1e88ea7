import Clearance
import Foundation
import GRDB
import PortunusCore
import RiskEngine

/// Declarations' clearance states and their milestone logs. A step is one transaction: the store
/// reads the state, the domain's ``ClearanceState/applying(_:)`` decides, and the new state and
/// the milestone (and a ledger entry, when the step is accountable) are written together.
public struct ClearanceStore: AggregateStore {
    let engine: PortunusStore
}

/// What a step left behind.
public struct ClearanceOutcome: Sendable, Hashable {
    public var state: ClearanceState
    /// The step's idempotency key was recorded already: nothing changed.
    public var replayed: Bool

    public init(state: ClearanceState, replayed: Bool) {
        self.state = state
        self.replayed = replayed
    }
}

extension ClearanceStore {
    /// A declaration's clearance state, or nil when no declaration has that id. One that never
    /// took a step through Portunus (imported history, or lodged before clearance existed) is read
    /// as its timeline says.
    public func state(declarationID: String) throws(PortunusError) -> ClearanceState? {
        try read { db in
            guard let seq = try Int64.fetchOne(db, sql: "SELECT seq FROM declaration WHERE id = ?", arguments: [declarationID]) else {
                return nil
            }
            return try ClearanceStore.state(db, seq: seq)
        }
    }

    /// A declaration's milestones in the order they were recorded, or nil when no declaration has that id.
    public func milestones(declarationID: String) throws(PortunusError) -> [Milestone]? {
        try read { db in
            guard let seq = try Int64.fetchOne(db, sql: "SELECT seq FROM declaration WHERE id = ?", arguments: [declarationID]) else {
                return nil
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM milestone WHERE declaration_seq = ? ORDER BY id", arguments: [seq])
                .map(ClearanceStore.milestone)
        }
    }

    /// Takes one step of a declaration's life in one transaction. With an idempotency key the
    /// store has seen, nothing changes and the current state comes back as replayed.
    public func apply(
        _ step: ClearanceStep, to declarationID: String, milestone: Milestone, idempotencyKey: String? = nil,
        ledger: LedgerOutboxEntry? = nil
    ) throws(PortunusError) -> ClearanceOutcome {
        try write { db in
            guard let seq = try Int64.fetchOne(db, sql: "SELECT seq FROM declaration WHERE id = ?", arguments: [declarationID]) else {
                throw PortunusError(.notFound, "no such declaration", field: "id")
            }
            let outcome = try ClearanceStore.apply(db, seq: seq, step: step, milestone: milestone, idempotencyKey: idempotencyKey)
            if let ledger, !outcome.replayed { _ = try LedgerOutboxStore.enqueue(db, [ledger]) }
            return outcome
        }
    }

    /// Declaration ids in a clearance stage, oldest first, after `afterSeq` (keyset paging).
    public func declarationIDs(in stage: ClearanceState.Stage, afterSeq: Int64 = 0, limit: Int = 100) throws(PortunusError) -> [(
        seq: Int64, id: String
    )] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT d.seq, d.id FROM declaration d
                    WHERE d.seq > ? AND \(ClearanceStore.stageExpression(declaration: "d")) = ? ORDER BY d.seq LIMIT ?
                    """, arguments: [afterSeq, stage.rawValue, limit]
            ).map { (seq: $0["seq"], id: $0["id"]) }
        }
    }

    /// SQL for the stage of the declaration row named `declaration` in a query: its clearance
    /// row's, or what the timeline says for one that never took a step here (as ``derived(_:seq:)``).
    static func stageExpression(declaration d: String) -> String {
        """
        COALESCE((SELECT c.stage FROM clearance c WHERE c.declaration_seq = \(d).seq),
            CASE WHEN \(d).released_at IS NOT NULL THEN 'released'
            WHEN EXISTS (SELECT 1 FROM risk_decision r WHERE r.declaration_seq = \(d).seq) THEN 'risk_assessed' ELSE 'lodged' END)
        """
    }

    /// The step itself, inside the caller's transaction.
    /// `starting`: the declaration's life starts here (lodgement), so one without a clearance row
    /// starts from ``ClearanceState/initial`` rather than from what its timeline says.
    static func apply(_ db: Database, seq: Int64, step: ClearanceStep, milestone: Milestone, idempotencyKey: String?, starting: Bool = false)
        throws -> ClearanceOutcome
    {
        if let idempotencyKey,
            let recorded = try Row.fetchOne(
                db, sql: "SELECT declaration_seq, code, attributes FROM milestone WHERE idempotency_key = ?", arguments: [idempotencyKey])
        {
            // A replay is the same event again; the same key on another event is the sender's mistake.
            let attributes: [String: String] = try recorded.jsonValue("attributes", in: "milestone")
            guard recorded["declaration_seq"] == seq, recorded["code"] == step.code.rawValue,
                attributes["agency"] == milestone.attributes["agency"]
            else {
                throw PortunusError(.conflict, "this idempotency key was used for another event", field: "/idempotency_key")
            }
            return ClearanceOutcome(state: try state(db, seq: seq), replayed: true)
        }
        return try apply(db, seq: seq, steps: [(step, milestone)], idempotencyKey: idempotencyKey, starting: starting)
    }

    /// Several steps of one declaration, in order: the state is read once, the domain decides
    /// each step, and one row and the milestones are written (lodgement's three steps).
    static func apply(_ db: Database, seq: Int64, steps: [(ClearanceStep, Milestone)], idempotencyKey: String?, starting: Bool) throws
        -> ClearanceOutcome
    {
        // A life that starts here (lodgement, in the transaction that inserted the declaration)
        // finds no row, in one cached lookup, and starts from the initial state.
        let current = try stored(db, seq: seq) ?? (starting ? ClearanceState.initial : try derived(db, seq: seq))
        var next = current
        for (step, _) in steps {
            next = try ClearanceStore.transition(next, { (state: ClearanceState) throws(ClearanceState.Refusal) in try state.applying(step) })
        }
        guard let last = steps.last else { return ClearanceOutcome(state: current, replayed: false) }
        let upsert = try db.cachedStatement(
            sql: """
                INSERT INTO clearance (declaration_seq, stage, lane, arrived, duties_settled, agency_holds, pending_samples, version,
                    post_clearance_audit, examined, documents_checked, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (declaration_seq) DO UPDATE SET stage = excluded.stage, lane = excluded.lane, arrived = excluded.arrived,
                    duties_settled = excluded.duties_settled, agency_holds = excluded.agency_holds, pending_samples = excluded.pending_samples,
                    version = excluded.version, post_clearance_audit = excluded.post_clearance_audit, examined = excluded.examined,
                    documents_checked = excluded.documents_checked, updated_at = excluded.updated_at
                """)
        try upsert.execute(arguments: [
            seq, next.stage.rawValue, next.lane?.rawValue, next.arrived, next.dutiesSettled,
            next.agencyHolds.isEmpty ? "[]" : try JSONColumn.text(next.agencyHolds, column: "agency_holds", table: "clearance"),
            next.pendingSamples, next.version,
            next.postClearanceAudit, next.examined, next.documentsChecked, ISO8601.format(Date()),
        ])
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO milestone (declaration_seq, code, at, office, actor_kind, actor_id, source, attributes, idempotency_key)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        // Whether any trader follows this declaration's milestones: one lookup per run of steps.
        var followed: Bool?
        for (step, milestone) in steps {
            try insert.execute(arguments: [
                seq, step.code.rawValue, ISO8601.format(milestone.at), milestone.office, milestone.actor.kind.rawValue, milestone.actor.id,
                milestone.source, JSONColumn.object(milestone.attributes), idempotencyKey,
            ])
            if ClearanceStore.notifiedCodes.contains(step.code) {
                if followed == nil { followed = try ClearanceStore.followed(db, seq: seq) }
                if followed == true { try ClearanceStore.enqueueDeliveries(db, seq: seq, milestoneID: db.lastInsertedRowID, code: step.code) }
            }
        }
        return ClearanceOutcome(state: next, replayed: false)
    }

    /// The state of declaration `seq`: its clearance row, or what its timeline says.
    static func state(_ db: Database, seq: Int64) throws -> ClearanceState {
        try stored(db, seq: seq) ?? derived(db, seq: seq)
    }

    /// The clearance row of declaration `seq`, if it took a step through Portunus.
    static func stored(_ db: Database, seq: Int64) throws -> ClearanceState? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM clearance WHERE declaration_seq = ?"), arguments: [seq]) else {
            return nil
        }
        return ClearanceState(
            stage: try row.domainValue("stage", in: "clearance"), lane: try row.domainValueIfPresent("lane", in: "clearance"),
            arrived: row["arrived"], dutiesSettled: row["duties_settled"], agencyHolds: try row.jsonValue("agency_holds", in: "clearance"),
            pendingSamples: row["pending_samples"], version: row["version"], postClearanceAudit: row["post_clearance_audit"],
            examined: row["examined"], documentsChecked: row["documents_checked"]
        ).withLane(try laneInForce(db, seq: seq))
    }

    /// The lane in force of declaration `seq`: the last re-route's (an officer's, or a tracking
    /// alert's raise), else the decision's; nil without a decision. The clearance follows it, so a
    /// declaration re-routed from blue to red is examined before it goes.
    static func laneInForce(_ db: Database, seq: Int64) throws -> Lane? {
        let text =
            try String.fetchOne(
                db.cachedStatement(sql: "SELECT to_lane FROM risk_reroute WHERE declaration_seq = ? ORDER BY id DESC LIMIT 1"), arguments: [seq])
            ?? String.fetchOne(db.cachedStatement(sql: "SELECT lane FROM risk_decision WHERE declaration_seq = ?"), arguments: [seq])
        return try text.map { (text: String) throws(PortunusError) -> Lane in
            guard let lane = Lane(rawValue: text) else { throw Row.unknown(text, column: "lane", table: "risk_decision") }
            return lane
        }
    }

    /// What the timeline of a declaration without a clearance row says: released when it has a
    /// release time, risk-assessed with its decision's lane, lodged otherwise.
    static func derived(_ db: Database, seq: Int64) throws -> ClearanceState {
        let released = try Bool.fetchOne(db, sql: "SELECT released_at IS NOT NULL FROM declaration WHERE seq = ?", arguments: [seq]) ?? false
        let lane = try laneInForce(db, seq: seq)
        let stage: ClearanceState.Stage = released ? .released : lane != nil ? .riskAssessed : .lodged
        return ClearanceState(
            stage: stage, lane: lane, arrived: false, dutiesSettled: released, agencyHolds: [], pendingSamples: 0, version: 1,
            postClearanceAudit: false)
    }

    static func milestone(_ row: Row) throws -> Milestone {
        Milestone(
            code: try row.domainValue("code", in: "milestone"), at: try row.time("at", in: "milestone"), office: row["office"],
            actor: .init(kind: try row.domainValue("actor_kind", in: "milestone"), id: row["actor_id"]), source: row["source"],
            attributes: try row.jsonValue("attributes", in: "milestone"))
    }
}

extension ClearanceStore {
    /// How many declarations whose id starts with `idPrefix` are in each lane and stage (a demo's
    /// report; a console's counts).
    public func laneStateCounts(idPrefix: String) throws(PortunusError) -> [(lane: String, stage: String, count: Int)] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT COALESCE(c.lane, '-') AS lane, c.stage, COUNT(*) AS n FROM clearance c JOIN declaration d ON d.seq = c.declaration_seq
                    WHERE substr(d.id, 1, length(?)) = ? GROUP BY 1, 2 ORDER BY 1, 2
                    """, arguments: [idPrefix, idPrefix]
            ).map { (lane: $0["lane"], stage: $0["stage"], count: $0["n"]) }
        }
    }
}

extension ClearanceStore {
    /// Whether an active webhook follows declaration `seq`'s importer or declarant (most
    /// declarations have none: then nothing more is written).
    static func followed(_ db: Database, seq: Int64) throws -> Bool {
        try Bool.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT EXISTS (SELECT 1 FROM clearance_webhook w JOIN declaration d ON d.seq = ?
                        WHERE w.active = 1 AND w.party IN (d.importer_id, d.declarant_id))
                    """), arguments: [seq]) ?? false
    }
}
