import Foundation
import GRDB
import PortunusCore

/// A rule set version as stored.
public struct StoredRuleSet: Sendable, Hashable {
    public var version: Int64
    public var createdAt: String
    public var createdBy: String
    public var note: String
    public var yaml: String
    public var active: Bool
}

/// A risk assessment as stored (the domain types live in RiskEngine; the store keeps their
/// JSON and the columns worklists filter on).
public struct StoredDecision: Sendable, Hashable {
    public var declarationID: String
    public var assessedAt: String
    public var office: String
    public var day: String
    public var modelID: Int64?
    public var ruleSetVersion: Int64?
    public var score: Double
    public var riskScore: Double
    /// The lane the assessment gave.
    public var lane: String
    public var selection: String
    public var forcedBy: String?
    public var seed: UInt64
    public var aeo: Bool
    public var hitsJSON: String
    public var explanationJSON: String?
    public var policyJSON: String
    /// Officers' re-routes, oldest first; the last one's lane is in force.
    public var reroutes: [Reroute] = []

    public struct Reroute: Sendable, Hashable {
        public var at: String
        public var by: String
        public var from: String
        public var to: String
        public var reason: String
    }

    public var laneInForce: String { reroutes.last?.to ?? lane }

    public init(
        declarationID: String, assessedAt: String, office: String, day: String, modelID: Int64?, ruleSetVersion: Int64?, score: Double,
        riskScore: Double, lane: String, selection: String, forcedBy: String?, seed: UInt64, aeo: Bool, hitsJSON: String,
        explanationJSON: String?, policyJSON: String
    ) {
        self.declarationID = declarationID
        self.assessedAt = assessedAt
        self.office = office
        self.day = day
        self.modelID = modelID
        self.ruleSetVersion = ruleSetVersion
        self.score = score
        self.riskScore = riskScore
        self.lane = lane
        self.selection = selection
        self.forcedBy = forcedBy
        self.seed = seed
        self.aeo = aeo
        self.hitsJSON = hitsJSON
        self.explanationJSON = explanationJSON
        self.policyJSON = policyJSON
    }
}

extension PortunusStore {
    // MARK: Rule sets

    /// Stores a new version of the rule set (already validated by the caller); returns it.
    public func insertRuleSet(yaml: String, by author: String, note: String = "") throws(PortunusError) -> Int64 {
        try write { db in
            try db.execute(
                sql: "INSERT INTO rule_set (created_at, created_by, note, yaml) VALUES (?, ?, ?, ?)",
                arguments: [ISO8601.format(Date()), author, note, yaml])
            return db.lastInsertedRowID
        }
    }

    public func activateRuleSet(version: Int64, by author: String) throws(PortunusError) {
        try write { db in
            guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM rule_set WHERE version = ?", arguments: [version]) == 1 else {
                throw PortunusError(.notFound, "no rule set version \(version)", field: "version")
            }
            try db.execute(
                sql: "INSERT INTO rule_set_activation (version, at, by) VALUES (?, ?, ?)", arguments: [version, ISO8601.format(Date()), author])
        }
    }

    /// Every version, newest first, with the active one marked.
    public func ruleSets() throws(PortunusError) -> [StoredRuleSet] {
        try read { db in
            let active = try Int64.fetchOne(db, sql: "SELECT version FROM rule_set_activation ORDER BY id DESC LIMIT 1")
            return try Row.fetchAll(db, sql: "SELECT * FROM rule_set ORDER BY version DESC").map {
                StoredRuleSet(
                    version: $0["version"], createdAt: $0["created_at"], createdBy: $0["created_by"], note: $0["note"], yaml: $0["yaml"],
                    active: $0["version"] == active)
            }
        }
    }

    public func activeRuleSet() throws(PortunusError) -> StoredRuleSet? { try ruleSets().first(where: \.active) }

    // MARK: Authorised economic operators

    public func setAEO(_ party: String, since: Date = Date()) throws(PortunusError) {
        try write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO aeo_party (party, since) VALUES (?, ?)", arguments: [party, ISO8601.format(since)])
        }
    }

    public func removeAEO(_ party: String) throws(PortunusError) {
        try write { db in try db.execute(sql: "DELETE FROM aeo_party WHERE party = ?", arguments: [party]) }
    }

    public func aeoParties() throws(PortunusError) -> Set<String> {
        try read { db in Set(try String.fetchAll(db, sql: "SELECT party FROM aeo_party")) }
    }

    // MARK: Decisions

    /// Stores assessments (replacing an earlier assessment of the same declaration, whose
    /// re-routes stay on record). Unknown declaration ids are an error; nothing is written then.
    public func saveDecisions(_ decisions: [StoredDecision], ledger: [LedgerOutboxEntry] = []) throws(PortunusError) {
        try write { db in
            let statement = try db.makeStatement(
                sql: """
                    INSERT OR REPLACE INTO risk_decision (declaration_seq, assessed_at, office, day, model_id, rule_set_version, score, risk_score,
                        lane, selection, forced_by, seed, aeo, hits_json, explanation_json, policy_json)
                    SELECT seq, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM declaration WHERE id = ?
                    """)
            for decision in decisions {
                try statement.execute(arguments: [
                    decision.assessedAt, decision.office, decision.day, decision.modelID, decision.ruleSetVersion, decision.score, decision.riskScore,
                    decision.lane, decision.selection, decision.forcedBy, Int64(bitPattern: decision.seed), decision.aeo, decision.hitsJSON,
                    decision.explanationJSON, decision.policyJSON, decision.declarationID,
                ])
                guard db.changesCount == 1 else { throw PortunusError(.notFound, "no declaration with this id", field: "/id") }
            }
            try Self.enqueue(db, ledger)
        }
    }

    public func decision(declarationID: String) throws(PortunusError) -> StoredDecision? {
        try read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT d.id AS declaration_id, r.* FROM risk_decision r JOIN declaration d ON d.seq = r.declaration_seq WHERE d.id = ?
                        """, arguments: [declarationID])
            else { return nil }
            var decision = Self.decision(row)
            decision.reroutes = try Row.fetchAll(
                db, sql: "SELECT * FROM risk_reroute WHERE declaration_seq = ? ORDER BY id",
                arguments: [row["declaration_seq"] as Int64]
            ).map {
                StoredDecision.Reroute(at: $0["at"], by: $0["by"], from: $0["from_lane"], to: $0["to_lane"], reason: $0["reason"])
            }
            return decision
        }
    }

    /// The decisions of one office and day (every lane), in declaration id order: what
    /// re-derivation and worklists read.
    public func decisions(office: String, day: String) throws(PortunusError) -> [StoredDecision] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT d.id AS declaration_id, r.* FROM risk_decision r JOIN declaration d ON d.seq = r.declaration_seq
                    WHERE r.office = ? AND r.day = ? ORDER BY d.id
                    """, arguments: [office, day]
            ).map(Self.decision)
        }
    }

    /// An officer's worklist: decisions whose lane in force (after re-routes) is `lane`, for an
    /// office, optionally one day, riskiest first.
    public func worklist(office: String?, lane: String?, day: String?, limit: Int = 500) throws(PortunusError) -> [StoredDecision] {
        try read { db in
            var conditions: [String] = []
            var arguments: [any DatabaseValueConvertible] = []
            if let office {
                conditions.append("r.office = ?")
                arguments.append(office)
            }
            if let day {
                conditions.append("r.day = ?")
                arguments.append(day)
            }
            if let lane {
                conditions.append(
                    "COALESCE((SELECT to_lane FROM risk_reroute x WHERE x.declaration_seq = r.declaration_seq ORDER BY x.id DESC LIMIT 1), r.lane) = ?"
                )
                arguments.append(lane)
            }
            let sql =
                "SELECT d.id AS declaration_id, r.* FROM risk_decision r JOIN declaration d ON d.seq = r.declaration_seq"
                + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")) + " ORDER BY r.risk_score DESC, d.id LIMIT \(limit)"
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map(Self.decision)
        }
    }

    /// Records an officer's re-route with the reason; returns the lane it replaced.
    @discardableResult
    public func reroute(declarationID: String, to lane: String, reason: String, by actor: String, ledger: [LedgerOutboxEntry] = [])
        throws(PortunusError) -> String
    {
        try write { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT r.declaration_seq, COALESCE((SELECT to_lane FROM risk_reroute x WHERE x.declaration_seq = r.declaration_seq ORDER BY x.id DESC LIMIT 1), r.lane) AS lane
                        FROM risk_decision r JOIN declaration d ON d.seq = r.declaration_seq WHERE d.id = ?
                        """, arguments: [declarationID])
            else {
                throw PortunusError(.notFound, "the declaration has not been assessed", field: "/id")
            }
            let from: String = row["lane"]
            try db.execute(
                sql: "INSERT INTO risk_reroute (declaration_seq, at, by, from_lane, to_lane, reason) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [row["declaration_seq"] as Int64, ISO8601.format(Date()), actor, from, lane, reason])
            try Self.enqueue(db, ledger)
            return from
        }
    }

    /// Records (or corrects) an inspection's outcome.
    public func recordOutcome(declarationID: String, _ outcome: InspectionOutcome, ledger: [LedgerOutboxEntry] = []) throws(PortunusError) {
        try write { db in
            guard let seq = try Int64.fetchOne(db, sql: "SELECT seq FROM declaration WHERE id = ?", arguments: [declarationID]) else {
                throw PortunusError(.notFound, "no declaration with this id", field: "/id")
            }
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO inspection_outcome (declaration_seq, result, fraud, critical, revenue_recovered_e4, revenue_currency)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    seq, outcome.result.rawValue, outcome.fraud, outcome.critical, outcome.revenueRecovered?.amount.scaledValue,
                    outcome.revenueRecovered?.currency.code,
                ])
            try Self.enqueue(db, ledger)
        }
    }

    static func decision(_ row: Row) -> StoredDecision {
        StoredDecision(
            declarationID: row["declaration_id"], assessedAt: row["assessed_at"], office: row["office"], day: row["day"], modelID: row["model_id"],
            ruleSetVersion: row["rule_set_version"], score: row["score"], riskScore: row["risk_score"], lane: row["lane"],
            selection: row["selection"],
            forcedBy: row["forced_by"], seed: UInt64(bitPattern: row["seed"] as Int64), aeo: row["aeo"], hitsJSON: row["hits_json"],
            explanationJSON: row["explanation_json"], policyJSON: row["policy_json"])
    }
}

extension PortunusStore {
    /// How many declarations of an office's day are assessed, and how many go to inspection
    /// (by the lane assessed, as the budget counts it).
    public func dayCounters(office: String, day: String) throws(PortunusError) -> (assessed: Int, inspected: Int) {
        try read { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) AS n, COALESCE(SUM(lane IN ('red', 'yellow')), 0) AS i FROM risk_decision WHERE office = ? AND day = ?
                    """, arguments: [office, day])
            return (row?["n"] ?? 0, row?["i"] ?? 0)
        }
    }

    /// Risk scores of an office's decisions on the days in [from, before) (all offices when
    /// `office` is nil), and the number of days they span.
    public func recentRiskScores(office: String?, from: String, before: String) throws(PortunusError) -> (scores: [Double], days: Int) {
        try read { db in
            let filter = office == nil ? "" : " AND office = ?"
            var arguments: [any DatabaseValueConvertible] = [from, before]
            if let office { arguments.append(office) }
            let scores = try Double.fetchAll(
                db, sql: "SELECT risk_score FROM risk_decision WHERE day >= ? AND day < ?" + filter,
                arguments: StatementArguments(arguments))
            let days =
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(DISTINCT day) FROM risk_decision WHERE day >= ? AND day < ?" + filter,
                    arguments: StatementArguments(arguments)) ?? 0
            return (scores, days)
        }
    }
}
