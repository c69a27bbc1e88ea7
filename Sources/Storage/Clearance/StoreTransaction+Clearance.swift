import Clearance
import GRDB
import PortunusCore

extension StoreTransaction {
    /// Takes steps of declarations' lives inside this transaction (lodgement records `LODGED`,
    /// `ACCEPTED` and `RISK_ASSESSED` with the declarations and decisions it stores, starting their
    /// lives here). Steps of one declaration are applied in the order given; a refused step aborts
    /// the transaction.
    public func applyClearance(_ steps: [(declarationID: String, step: ClearanceStep, milestone: Milestone)]) throws -> [ClearanceOutcome] {
        let seqOf = try db.cachedStatement(sql: "SELECT seq FROM declaration WHERE id = ?")
        return try steps.map { entry in
            guard let seq = try Int64.fetchOne(seqOf, arguments: [entry.declarationID]) else {
                throw PortunusError(.notFound, "no such declaration", field: "id")
            }
            return try ClearanceStore.apply(db, seq: seq, step: entry.step, milestone: entry.milestone, idempotencyKey: nil, starting: true)
        }
    }
}
