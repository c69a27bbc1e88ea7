import Foundation
import GRDB
import PortunusCore

/// The ledger outbox: accountable entries written in the same transaction as the act they record,
/// waiting for the publisher to append them to the log, and what was appended.
public struct LedgerOutboxStore: AggregateStore {
    let engine: PortunusStore
}

extension LedgerOutboxStore {
    /// Inserts entries into the outbox within an open transaction; returns their seqs.
    @discardableResult
    static func enqueue(_ db: Database, _ entries: [LedgerOutboxEntry]) throws -> [Int64] {
        var seqs: [Int64] = []
        let now = ISO8601.format(Date())
        for entry in entries {
            try db.execute(
                sql: "INSERT INTO ledger_outbox (type, entry, created_at, subject, secrets) VALUES (?, x'', ?, ?, ?)",
                arguments: [entry.type, now, entry.subject, entry.secrets])
            let seq = db.lastInsertedRowID
            try db.execute(sql: "UPDATE ledger_outbox SET entry = ? WHERE seq = ?", arguments: [entry.make(seq), seq])
            seqs.append(seq)
        }
        return seqs
    }

    /// Enqueues entries on their own (acts with nothing else to store).
    @discardableResult
    public func enqueueLedger(_ entries: [LedgerOutboxEntry]) throws(PortunusError) -> [Int64] {
        try write { db in try LedgerOutboxStore.enqueue(db, entries) }
    }

    /// Entries not yet in the log, oldest first.
    public func pendingEntries(limit: Int) throws(PortunusError) -> [StoredLedgerEntry] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM ledger_outbox WHERE ledger_index IS NULL ORDER BY seq LIMIT ?", arguments: [limit]).map(
                LedgerOutboxStore.ledgerEntry)
        }
    }

    public func pendingCount() throws(PortunusError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ledger_outbox WHERE ledger_index IS NULL") ?? 0 }
    }

    /// Records where entries landed in the log.
    public func markPublished(_ placed: [(seq: Int64, index: UInt64)]) throws(PortunusError) {
        try write { db in
            for (seq, index) in placed {
                try db.execute(sql: "UPDATE ledger_outbox SET ledger_index = ? WHERE seq = ?", arguments: [Int64(index), seq])
            }
        }
    }

    /// The highest seq already placed in the log (0 when none).
    public func lastPublishedSeq() throws(PortunusError) -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM ledger_outbox WHERE ledger_index IS NOT NULL") ?? 0 }
    }

    public func entry(seq: Int64) throws(PortunusError) -> StoredLedgerEntry? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM ledger_outbox WHERE seq = ?", arguments: [seq]).map(LedgerOutboxStore.ledgerEntry) }
    }

    /// Entries of a type about a subject, oldest first.
    public func entries(type: String, subject: String) throws(PortunusError) -> [StoredLedgerEntry] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM ledger_outbox WHERE type = ? AND subject = ? ORDER BY seq", arguments: [type, subject])
                .map(LedgerOutboxStore.ledgerEntry)
        }
    }

    /// The commitment salts of an entry (for opening a commitment to an auditor).
    public func secrets(seq: Int64) throws(PortunusError) -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT secrets FROM ledger_outbox WHERE seq = ?", arguments: [seq]) }
    }

    static func ledgerEntry(_ row: Row) throws -> StoredLedgerEntry {
        StoredLedgerEntry(
            seq: row["seq"], type: row["type"], entry: row["entry"], createdAt: try row.time("created_at", in: "ledger_outbox"),
            subject: row["subject"],
            ledgerIndex: ledgerIndex(row))
    }

    /// A stored log index: `UInt64(_:)` traps on a negative column, which no version writes
    /// but a restored or hand-edited database may hold; such an index reads as not yet placed.
    static func ledgerIndex(_ row: Row, column: String = "ledger_index") -> UInt64? {
        (row[column] as Int64?).flatMap { UInt64(exactly: $0) }
    }
}
