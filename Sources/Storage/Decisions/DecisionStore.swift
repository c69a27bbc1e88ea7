import Foundation
import GRDB
import PortunusCore
import RiskEngine
import Rules

/// Risk decisions (assessment, selectivity basis, lane routing), the rule sets they were assessed
/// under, and the selectivity counters an online assessor reads.
public struct DecisionStore: AggregateStore {
    let engine: PortunusStore
}

extension DecisionStore {
    // MARK: Rule sets

    /// Stores a new version of the rule set (already validated by the caller); returns it.
    public func insertRuleSet(yaml: String, by author: String, note: String = "") throws(PortunusError) -> Int64 {
        try transaction { try $0.insertRuleSet(yaml: yaml, by: author, note: note) }
    }

    public func activateRuleSet(version: Int64, by author: String) throws(PortunusError) {
        try transaction { try $0.activateRuleSet(version: version, by: author) }
    }

    /// Every version, newest first, with the active one marked.
    public func ruleSets() throws(PortunusError) -> [StoredRuleSet] {
        try read { db in
            let active = try Int64.fetchOne(db, sql: "SELECT version FROM rule_set_activation ORDER BY id DESC LIMIT 1")
            return try Row.fetchAll(db, sql: "SELECT * FROM rule_set ORDER BY version DESC").map {
                StoredRuleSet(
                    version: $0["version"], createdAt: try $0.time("created_at", in: "rule_set"), createdBy: $0["created_by"], note: $0["note"],
                    yaml: $0["yaml"],
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
    public func saveDecisions(_ decisions: [RiskDecision], ledger: [LedgerOutboxEntry] = []) throws(PortunusError) {
        try transaction { try $0.saveDecisions(decisions, ledger: ledger) }
    }

    public func decision(declarationID: String) throws(PortunusError) -> RiskDecision? {
        try read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT d.id AS declaration_id, r.* FROM risk_decision r JOIN declaration d ON d.seq = r.declaration_seq WHERE d.id = ?
                        """, arguments: [declarationID])
            else { return nil }
            return try DecisionStore.decision(row, reroutes: try DecisionStore.reroutes(db, seq: row["declaration_seq"]))
        }
    }

    /// The decisions of one office and day (every lane), in declaration id order: what
    /// re-derivation and worklists read.
    public func decisions(office: String, day: String) throws(PortunusError) -> [RiskDecision] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT d.id AS declaration_id, r.* FROM risk_decision r JOIN declaration d ON d.seq = r.declaration_seq
                    WHERE r.office = ? AND r.day = ? ORDER BY d.id
                    """, arguments: [office, day]
            ).map { try DecisionStore.decision($0, reroutes: try DecisionStore.reroutes(db, seq: $0["declaration_seq"])) }
        }
    }

    /// An officer's worklist: decisions whose lane in force (after re-routes) is `lane`, for an
    /// office, optionally one day, riskiest first.
    public func worklist(office: String?, lane: Lane?, day: String?, limit: Int = 500) throws(PortunusError) -> [RiskDecision] {
        try read { db in
            var filter = SQLFilter()
            if let office { filter.add("r.office = ?", office) }
            if let day { filter.add("r.day = ?", day) }
            if let lane {
                filter.add(
                    "COALESCE((SELECT to_lane FROM risk_reroute x WHERE x.declaration_seq = r.declaration_seq ORDER BY x.id DESC LIMIT 1), r.lane) = ?",
                    lane.rawValue)
            }
            let sql =
                "SELECT d.id AS declaration_id, r.* FROM risk_decision r JOIN declaration d ON d.seq = r.declaration_seq"
                + "\(filter.whereClause) ORDER BY r.risk_score DESC, d.id LIMIT \(limit)"
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(filter.arguments)).map {
                try DecisionStore.decision($0, reroutes: try DecisionStore.reroutes(db, seq: $0["declaration_seq"]))
            }
        }
    }

    /// Re-routes a declaration: reads its lane's state, asks the domain for the next one
    /// (`transition`, which refuses by throwing its ``LaneRouting/Refusal``), and stores the re-route it added, with the
    /// ledger entries, in one transaction. Returns the new state.
    @discardableResult
    public func reroute(
        declarationID: String, ledger: [LedgerOutboxEntry] = [], _ transition: (LaneRouting) throws(LaneRouting.Refusal) -> LaneRouting
    ) throws(PortunusError) -> LaneRouting {
        try write { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: "SELECT r.declaration_seq, r.lane FROM risk_decision r JOIN declaration d ON d.seq = r.declaration_seq WHERE d.id = ?",
                    arguments: [declarationID])
            else {
                throw PortunusError(.notFound, "the declaration has not been assessed", field: "/id")
            }
            let seq: Int64 = row["declaration_seq"]
            let current = LaneRouting(assessed: try DecisionStore.lane(row["lane"]), reroutes: try DecisionStore.reroutes(db, seq: seq))
            let next = try Self.transition(current, transition)
            for reroute in next.reroutes.dropFirst(current.reroutes.count) {
                try db.execute(
                    sql: "INSERT INTO risk_reroute (declaration_seq, at, by, from_lane, to_lane, reason) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [seq, ISO8601.format(reroute.at), reroute.by, reroute.from.rawValue, reroute.to.rawValue, reroute.reason])
            }
            try LedgerOutboxStore.enqueue(db, ledger)
            return next
        }
    }

    /// Records (or corrects) an inspection's outcome.
    public func recordOutcome(declarationID: String, _ outcome: InspectionOutcome, ledger: [LedgerOutboxEntry] = []) throws(PortunusError) {
        try transaction { try $0.recordOutcome(declarationID: declarationID, outcome, ledger: ledger) }
    }

    // MARK: Rows

    /// JSON columns are written sorted, so equal values are equal bytes. A threshold may be
    /// infinite (a policy whose budget is all exploration selects nothing by risk), which JSON
    /// has no number for: it is written as the string "Infinity" (or "-Infinity") and read back.
    static let columnEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return encoder
    }()

    static let columnDecoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return decoder
    }()

    /// A value as its JSON column holds it (sorted keys): what the ledger's assessment record
    /// is canonicalised from, so that it commits to what is stored.
    public static func columnJSON(_ value: some Encodable) throws -> Data { try columnEncoder.encode(value) }

    static func lane(_ text: String) throws(PortunusError) -> Lane {
        guard let lane = Lane(rawValue: text) else { throw PortunusError(.storage, "a stored decision has an unknown lane") }
        return lane
    }

    static func json<T: Decodable>(_ type: T.Type, _ text: String, column: String) throws(PortunusError) -> T {
        do { return try columnDecoder.decode(type, from: Data(text.utf8)) } catch {
            throw PortunusError(.storage, "a stored decision's \(column) does not read back")
        }
    }

    static func reroutes(_ db: Database, seq: Int64) throws -> [LaneRouting.Reroute] {
        try Row.fetchAll(db, sql: "SELECT * FROM risk_reroute WHERE declaration_seq = ? ORDER BY id", arguments: [seq]).map {
            row throws(PortunusError) in
            LaneRouting.Reroute(
                at: try row.time("at", in: "risk_reroute"), by: row["by"], from: try lane(row["from_lane"]), to: try lane(row["to_lane"]),
                reason: row["reason"])
        }
    }

    static func decision(_ row: Row, reroutes: [LaneRouting.Reroute]) throws(PortunusError) -> RiskDecision {
        guard let selection = Selection(rawValue: row["selection"]) else {
            throw PortunusError(.storage, "a stored decision has an unknown selection")
        }
        let assessedAt = try row.time("assessed_at", in: "risk_decision")
        let assessment = Assessment(
            id: row["declaration_id"], score: row["score"], riskScore: row["risk_score"], lane: try lane(row["lane"]), selection: selection,
            forcedBy: row["forced_by"], ruleHits: try json([RuleHit].self, row["hits_json"], column: "rule hits"),
            explanation: try (row["explanation_json"] as String?).map { text throws(PortunusError) in
                try json(RiskExplanation.self, text, column: "explanation")
            }, modelID: row["model_id"], ruleSetVersion: row["rule_set_version"], seed: UInt64(bitPattern: row["seed"] as Int64),
            aeo: row["aeo"], office: row["office"], day: row["day"])
        return RiskDecision(
            assessment: assessment, assessedAt: assessedAt, basis: try json(SelectivityBasis.self, row["policy_json"], column: "policy"),
            reroutes: reroutes)
    }
}

extension DecisionStore {
    /// How many declarations of an office's day are assessed, and how many go to inspection
    /// (by the lane assessed, as the budget counts it).
    public func dayCounters(office: String, day: String) throws(PortunusError) -> (assessed: Int, inspected: Int) {
        try read { db in
            var assessed = 0
            var inspected = 0
            for row in try Row.fetchAll(
                db, sql: "SELECT lane, COUNT(*) AS n FROM risk_decision WHERE office = ? AND day = ? GROUP BY lane", arguments: [office, day])
            {
                let count: Int = row["n"]
                assessed += count
                if try DecisionStore.lane(row["lane"]).inspects { inspected += count }
            }
            return (assessed, inspected)
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
