import Clearance
import GRDB
import PortunusCore

extension StoreTransaction {
    /// Takes steps of declarations' lives inside this transaction (lodgement records `LODGED`,
    /// `ACCEPTED` and `RISK_ASSESSED` with the declarations and decisions it stores, starting their
    /// lives here). Steps of one declaration are applied in the order given; a refused step aborts
    /// the transaction. One outcome comes back for each run of steps of one declaration.
    /// `starting`: the declarations' lives start here (lodgement); otherwise a declaration without
    /// a clearance row is read as its timeline says.
    public func applyClearance(_ steps: [(declarationID: String, step: ClearanceStep, milestone: Milestone)], starting: Bool = true) throws
        -> [ClearanceOutcome]
    {
        let seqOf = try db.cachedStatement(sql: "SELECT seq FROM declaration WHERE id = ?")
        var outcomes: [ClearanceOutcome] = []
        var start = steps.startIndex
        while start < steps.endIndex {
            // A run of steps of one declaration is decided together and written once.
            let id = steps[start].declarationID
            var end = start + 1
            while end < steps.endIndex, steps[end].declarationID == id { end += 1 }
            guard let seq = try Int64.fetchOne(seqOf, arguments: [id]) else { throw PortunusError(.notFound, "no such declaration", field: "id") }
            outcomes.append(
                try ClearanceStore.apply(
                    db, seq: seq, steps: steps[start..<end].map { ($0.step, $0.milestone) }, idempotencyKey: nil, starting: starting))
            start = end
        }
        return outcomes
    }
}

extension StoreTransaction {
    /// One step of one declaration inside this transaction, with an idempotency key for events
    /// from other systems (a replay changes nothing and comes back as replayed).
    public func applyClearance(declarationID: String, step: ClearanceStep, milestone: Milestone, idempotencyKey: String?) throws
        -> ClearanceOutcome
    {
        guard let seq = try declarationSeq(declarationID) else { throw PortunusError(.notFound, "no such declaration", field: "id") }
        return try ClearanceStore.apply(db, seq: seq, step: step, milestone: milestone, idempotencyKey: idempotencyKey)
    }

    /// The internal key of a declaration; nil when no declaration has that id.
    public func declarationSeq(_ declarationID: String) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT seq FROM declaration WHERE id = ?"), arguments: [declarationID])
    }
}
