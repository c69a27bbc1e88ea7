import Foundation
import Ledger
import PortunusCore
import Storage

/// The ledger's outbox as the API sees it: partners' submitted entries go in (checked by
/// ``LedgerSubmission``), and entries are found by their `seq` once placed in the log.
public struct LedgerOutbox: Sendable {
    let store: PortunusStore

    public init(store: PortunusStore) { self.store = store }

    /// Checks a submitted entry and enqueues it; returns its `seq`.
    public func submit(_ body: Data, by principal: Principal) throws(PortunusError) -> Int64 {
        let entry = try LedgerSubmission.validate(body, by: principal)
        return try store.ledger.enqueueLedger([entry])[0]
    }

    /// Where the entry `seq` is in the log; nil while it waits.
    public func index(of seq: Int64) throws(PortunusError) -> UInt64? { try store.ledger.entry(seq: seq)?.ledgerIndex }

    /// Entries waiting to be appended.
    public func pendingCount() throws(PortunusError) -> Int { try store.ledger.pendingCount() }

    /// The publisher that moves this outbox into a log's sequencer.
    public func publisher(_ sequencer: LedgerSequencer) -> LedgerPublisher { LedgerPublisher(store: store, sequencer: sequencer) }
}
