import Foundation
import GRDB
import PortunusCore
import RiskEngine
import Rules

extension StoreTransaction {
    /// Stores assessments in this transaction (replacing an earlier assessment of the same
    /// declaration, whose re-routes stay on record), with their ledger entries. An unknown
    /// declaration id is an error.
    public func saveDecisions(_ decisions: [RiskDecision], ledger: [LedgerOutboxEntry] = []) throws {
        try saveDecisions(try EncodedDecisions(decisions), ledger: ledger)
    }

    /// ``saveDecisions(_:ledger:)-([RiskDecision],_)`` for decisions encoded ahead.
    public func saveDecisions(_ decisions: EncodedDecisions, ledger: [LedgerOutboxEntry] = []) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO risk_decision (declaration_seq, assessed_at, office, day, model_id, rule_set_version, score, risk_score,
                    lane, selection, forced_by, seed, aeo, hits_json, explanation_json, policy_json)
                SELECT seq, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM declaration WHERE id = ?
                """)
        for row in decisions.rows {
            try statement.execute(arguments: StatementArguments(row.arguments))
            guard db.changesCount == 1 else { throw PortunusError(.notFound, "no declaration with this id", field: "/id") }
        }
        try enqueueLedger(ledger)
    }
}

extension StoreTransaction {
    /// Records (or corrects) an inspection's outcome, with its ledger entries.
    public func recordOutcome(declarationID: String, _ outcome: InspectionOutcome, ledger: [LedgerOutboxEntry] = []) throws {
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
        try enqueueLedger(ledger)
    }
}

extension StoreTransaction {
    /// Stores a new version of the rule set (already validated by the caller); returns it.
    public func insertRuleSet(yaml: String, by author: String, note: String = "") throws -> Int64 {
        try db.execute(
            sql: "INSERT INTO rule_set (created_at, created_by, note, yaml) VALUES (?, ?, ?, ?)",
            arguments: [ISO8601.format(Date()), author, note, yaml])
        return db.lastInsertedRowID
    }

    public func activateRuleSet(version: Int64, by author: String) throws {
        guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM rule_set WHERE version = ?", arguments: [version]) == 1 else {
            throw PortunusError(.notFound, "no rule set version \(version)", field: "version")
        }
        try db.execute(
            sql: "INSERT INTO rule_set_activation (version, at, by) VALUES (?, ?, ?)", arguments: [version, ISO8601.format(Date()), author])
    }
}
