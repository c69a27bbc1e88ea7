import Foundation
import Ledger
import PortunusCore
import Storage

/// Moves accountable entries from the store's outbox into the log, in outbox order, and
/// records where each landed. The one writer of the log in a process runs one publisher.
///
/// An entry is enqueued in the same transaction as the act it records, so an act is never
/// stored without its entry. Appending and marking are two steps: if the process dies
/// between them, ``recover()`` finds the appended-but-unmarked entries at the end of the log
/// (by their `seq` and their exact bytes) and marks them, so nothing is appended twice.
public actor LedgerPublisher {
    public let store: PortunusStore
    public let sequencer: LedgerSequencer
    public let batchSize: Int
    private var recovered = false

    public init(store: PortunusStore, sequencer: LedgerSequencer, batchSize: Int = 256) {
        self.store = store
        self.sequencer = sequencer
        self.batchSize = batchSize
    }

    /// Marks entries that a crashed run appended but did not mark; returns how many.
    @discardableResult
    public func recover() throws -> Int {
        recovered = true
        let log = sequencer.log
        let marked = try store.ledger.lastPublishedSeq()
        let pending = try store.ledger.pendingEntries(limit: batchSize)
        guard !pending.isEmpty else { return 0 }
        let bySeq = Dictionary(uniqueKeysWithValues: pending.map { ($0.seq, $0) })
        var found: [(seq: Int64, index: UInt64)] = []
        var index = log.size
        // At most one batch can be appended and unmarked: walk back over it.
        while index > 0, found.count < batchSize {
            let entry = try log.reader.entry(index: index - 1, size: log.size)
            guard let seq = Self.seq(of: entry), seq > marked, let row = bySeq[seq], row.entry == entry else { break }
            found.append((seq, index - 1))
            index -= 1
        }
        guard !found.isEmpty else { return 0 }
        try store.ledger.markPublished(found)
        return found.count
    }

    static func seq(of entry: Data) -> Int64? {
        guard case .object(let members)? = try? JSONValue.parse(entry), case .number(let text)? = members["seq"] else { return nil }
        return Int64(text)
    }

    /// The drain in progress: an actor is re-entered at every `await`, so two callers could
    /// otherwise read the same pending rows and append them twice. Each drain waits for the
    /// one before it.
    private var current: Task<Int, any Error>?

    /// Appends every pending entry (including any enqueued before the call); returns how many
    /// went in.
    @discardableResult
    public func publishPending() async throws -> Int {
        let previous = current
        let task = Task {
            _ = try? await previous?.value
            return try await self.drain()
        }
        current = task
        return try await task.value
    }

    private func drain() async throws -> Int {
        if !recovered { try recover() }
        var total = 0
        while true {
            let rows = try store.ledger.pendingEntries(limit: batchSize)
            guard !rows.isEmpty else { return total }
            let first = try await sequencer.append(contentsOf: rows.map(\.entry))
            try store.ledger.markPublished(rows.enumerated().map { ($0.element.seq, first + UInt64($0.offset)) })
            total += rows.count
            if rows.count < batchSize { return total }
        }
    }
}
