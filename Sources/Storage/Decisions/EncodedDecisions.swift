import Foundation
import GRDB
import PortunusCore
import RiskEngine
import Rules

/// Decisions as their rows will be written: the JSON columns (rule hits, explanation, basis)
/// encoded ahead of the transaction, so that the database's one writer is held only for the
/// inserts. What ``StoreTransaction/saveDecisions(_:ledger:)-(EncodedDecisions,_)`` writes.
public struct EncodedDecisions: Sendable {
    struct Row: Sendable {
        var declarationID: String
        var arguments: [DatabaseValue]
        var json: JSONColumns
    }

    /// A decision's JSON columns as written: the ledger's assessment record is made from the same
    /// text rather than encoding the values a second time.
    public struct JSONColumns: Sendable {
        public var ruleHits: String
        public var explanation: String?
        public var basis: String
    }
    var rows: [Row]

    public init(_ decisions: [RiskDecision]) throws(PortunusError) {
        let encoder = DecisionStore.columnEncoder
        func text(_ value: some Encodable) throws(PortunusError) -> String {
            do { return String(decoding: try encoder.encode(value), as: UTF8.self) } catch {
                throw PortunusError(.storage, "a decision could not be written: \(type(of: error))")
            }
        }
        var rows: [Row] = []
        rows.reserveCapacity(decisions.count)
        for decision in decisions {
            let assessment = decision.assessment
            let json = JSONColumns(
                ruleHits: try text(assessment.ruleHits),
                explanation: try assessment.explanation.map { explanation throws(PortunusError) in try text(explanation) },
                basis: try text(decision.basis))
            rows.append(
                Row(
                    declarationID: assessment.id,
                    arguments: ([
                        ISO8601.format(decision.assessedAt), assessment.office, assessment.day, assessment.modelID, assessment.ruleSetVersion,
                        assessment.score, assessment.riskScore, assessment.lane.rawValue, assessment.selection.rawValue, assessment.forcedBy,
                        Int64(bitPattern: assessment.seed), assessment.aeo, json.ruleHits, json.explanation, json.basis, assessment.id,
                    ] as [(any DatabaseValueConvertible)?]).map { $0?.databaseValue ?? .null }, json: json))
        }
        self.rows = rows
    }

    /// The decisions of these declarations only.
    public func only(_ ids: Set<String>) -> EncodedDecisions {
        var kept = self
        kept.rows.removeAll { !ids.contains($0.declarationID) }
        return kept
    }

    public var isEmpty: Bool { rows.isEmpty }

    /// The JSON columns of each decision, by declaration id.
    public var jsonColumns: [String: JSONColumns] {
        Dictionary(rows.map { ($0.declarationID, $0.json) }, uniquingKeysWith: { first, _ in first })
    }
}
