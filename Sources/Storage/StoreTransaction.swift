import GRDB
import PortunusCore

/// One write transaction over several aggregates, handed to a use case that stores several
/// things as one act: a lodgement stores its declarations, their decisions and their ledger
/// outbox entries through one `StoreTransaction`, and either all of it commits or none.
///
/// Each aggregate adds what it can write as an extension in its own file
/// (``insertDeclarations(_:importRun:)``, ``saveDecisions(_:ledger:)-([RiskDecision],_)``, ``enqueueLedger(_:)``).
/// This is the seam a second engine plugs into: the PostgreSQL engine will give the same
/// methods over a connection inside `BEGIN … COMMIT` (see docs/architecture.md).
public struct StoreTransaction {
    let db: Database
    /// The engine, for what it keeps in memory across transactions (the national tariff).
    let engine: PortunusStore
}

extension PortunusStore {
    /// Runs `body` in one write transaction: what it stores commits together when it returns,
    /// and nothing is stored when it throws (the error is rethrown as it was when it is a
    /// `PortunusError`, else as a storage error).
    public func transaction<T>(_ body: (StoreTransaction) throws -> T) throws(PortunusError) -> T {
        try write { db in try body(StoreTransaction(db: db, engine: self)) }
    }
}
