import Foundation
import GRDB
import PortunusCore

extension StoreTransaction {
    /// Enqueues ledger entries in this transaction: they are appended to the log only if the
    /// act they record commits.
    @discardableResult
    public func enqueueLedger(_ entries: [LedgerOutboxEntry]) throws -> [Int64] {
        try LedgerOutboxStore.enqueue(db, entries)
    }
}
