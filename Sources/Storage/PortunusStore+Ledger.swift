import Foundation
import GRDB
import PortunusCore

/// An entry for the verifiable ledger, enqueued in the transaction of the act it records.
public struct LedgerOutboxEntry: Sendable {
    public var type: String
    /// What the entry is about (a declaration id, a certificate id), for lookups; never
    /// personal data.
    public var subject: String?
    /// Salts of the entry's commitments (JSON), kept only in the database.
    public var secrets: String?
    /// The entry's bytes, given its outbox sequence number.
    public var make: @Sendable (Int64) -> Data

    public init(type: String, subject: String? = nil, secrets: String? = nil, make: @escaping @Sendable (Int64) -> Data) {
        self.type = type
        self.subject = subject
        self.secrets = secrets
        self.make = make
    }
}

/// A row of the outbox.
public struct StoredLedgerEntry: Sendable, Hashable {
    public var seq: Int64
    public var type: String
    public var entry: Data
    public var createdAt: String
    public var subject: String?
    public var ledgerIndex: UInt64?
}

extension PortunusStore {
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
        try write { db in try Self.enqueue(db, entries) }
    }

    /// Entries not yet in the log, oldest first.
    public func pendingLedgerEntries(limit: Int) throws(PortunusError) -> [StoredLedgerEntry] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM ledger_outbox WHERE ledger_index IS NULL ORDER BY seq LIMIT ?", arguments: [limit]).map(
                Self.ledgerEntry)
        }
    }

    public func pendingLedgerCount() throws(PortunusError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ledger_outbox WHERE ledger_index IS NULL") ?? 0 }
    }

    /// Records where entries landed in the log.
    public func markLedgerPublished(_ placed: [(seq: Int64, index: UInt64)]) throws(PortunusError) {
        try write { db in
            for (seq, index) in placed {
                try db.execute(sql: "UPDATE ledger_outbox SET ledger_index = ? WHERE seq = ?", arguments: [Int64(index), seq])
            }
        }
    }

    /// The highest seq already placed in the log (0 when none).
    public func lastPublishedLedgerSeq() throws(PortunusError) -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM ledger_outbox WHERE ledger_index IS NOT NULL") ?? 0 }
    }

    public func ledgerEntry(seq: Int64) throws(PortunusError) -> StoredLedgerEntry? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM ledger_outbox WHERE seq = ?", arguments: [seq]).map(Self.ledgerEntry) }
    }

    /// Entries of a type about a subject, oldest first.
    public func ledgerEntries(type: String, subject: String) throws(PortunusError) -> [StoredLedgerEntry] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM ledger_outbox WHERE type = ? AND subject = ? ORDER BY seq", arguments: [type, subject])
                .map(Self.ledgerEntry)
        }
    }

    /// The commitment salts of an entry (for opening a commitment to an auditor).
    public func ledgerSecrets(seq: Int64) throws(PortunusError) -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT secrets FROM ledger_outbox WHERE seq = ?", arguments: [seq]) }
    }

    static func ledgerEntry(_ row: Row) -> StoredLedgerEntry {
        StoredLedgerEntry(
            seq: row["seq"], type: row["type"], entry: row["entry"], createdAt: row["created_at"], subject: row["subject"],
            ledgerIndex: ledgerIndex(row))
    }

    /// A stored log index: `UInt64(_:)` traps on a negative column, which no version writes
    /// but a restored or hand-edited database may hold; such an index reads as not yet placed.
    static func ledgerIndex(_ row: Row, column: String = "ledger_index") -> UInt64? {
        (row[column] as Int64?).flatMap { UInt64(exactly: $0) }
    }
}

extension StoreTransaction {
    /// Enqueues ledger entries in this transaction: they are appended to the log only if the
    /// act they record commits.
    @discardableResult
    public func enqueueLedger(_ entries: [LedgerOutboxEntry]) throws -> [Int64] {
        try PortunusStore.enqueue(db, entries)
    }
}
