import Foundation
import GRDB
import PortunusCore
import Synchronization

/// The embedded store: one SQLite database in the data directory, in WAL mode, holding
/// declarations, import runs, API keys and the audit trail.
///
/// WAL lets readers (the server's queries, a report) run while an import writes; with
/// `synchronous = FULL` every transaction is on disk when its commit returns, so what was
/// acknowledged survives a crash of the process and a power loss. Every batch is one
/// transaction: after a crash or a rejected batch nothing is half-written.
///
/// ```swift
/// let store = try PortunusStore(dataDirectory: "./portunus-data")
/// let outcomes = try store.write([StoredDeclaration(declaration: declaration)])
/// ```
public final class PortunusStore: Sendable {
    /// The database file's name inside the data directory.
    public static let fileName = "portunus.sqlite"

    package let database: DatabasePool
    /// The connection of ``checkpointAside()``, opened on first use.
    private let aside = Mutex<DatabaseQueue?>(nil)
    /// Path of the database file.
    public let path: String

    /// Paths (relative to the data directory) whose modes opening the store tightened: an
    /// older data directory had them readable by other users. Empty on every later open.
    public let tightened: [String]

    /// Opens (creating when needed) the store in `dataDirectory` and migrates it.
    ///
    /// The directory is owner-only (0700) and so are the database, its WAL and shared-memory
    /// file (0600): they hold the pseudonym key, webhook secrets and personal data. The
    /// database file is created 0600 before SQLite opens it, and SQLite creates the WAL and
    /// shared-memory files with the database file's mode, so no file exists readable by others
    /// even for a moment. An existing directory that others could read is tightened, with all
    /// it holds (``tightened``).
    public init(dataDirectory: String) throws(PortunusError) {
        try PrivateFiles.createDirectory(dataDirectory)
        path = (dataDirectory as NSString).appendingPathComponent(PortunusStore.fileName)
        var tightened = PrivateFiles.tighten(directory: dataDirectory)
        for file in [path, path + "-wal", path + "-shm"] where PrivateFiles.restrict(file) {
            tightened.append((file as NSString).lastPathComponent)
        }
        self.tightened = tightened
        try PrivateFiles.createFile(path)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // Acknowledged means durable. With NORMAL, WAL mode syncs only at checkpoints, so a
            // power loss could forget commits already answered — and their ledger outbox rows,
            // whose entries the publisher has appended and fsynced in the log: the next `seq`
            // handed out would then repeat one the log holds. FULL syncs the WAL at every commit,
            // so a commit is on disk before `write` returns and before the publisher can read its
            // entry. Measured on the 2-core development VM (virtio disk, SQLite 3.40, WAL):
            // +3.0–3.5 ms per commit whatever its size — 0.03 → 3.1 ms for a one-row commit,
            // 0.6 → 3.8 ms for 100 rows, 12 → 15 ms for 2,000 — so batches barely notice and
            // one-row commits are capped near 300 a second (see the README, "Storage").
            // GRDB's pool sets NORMAL on its writer after this closure when it turns WAL on, so
            // the writer is set again once the pool is open (below); a test reads it back.
            // (Readers share this setting; it only matters to the connection that commits.)
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // An erased value (a removed webhook's secret) is overwritten with zeros in its page,
            // not left in the page's free space; FAST adds no I/O (freed pages are not zeroed).
            try db.execute(sql: "PRAGMA secure_delete = FAST")
            // 32 MiB of page cache keeps the indexes' upper levels in memory during large imports.
            try db.execute(sql: "PRAGMA cache_size = -32768")
            // Checkpoint the WAL every 8,192 pages (32 MiB) rather than 1,000: pages that a large
            // import rewrites many times are then copied back once; a quarter off import time.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 8192")
        }
        do {
            database = try DatabasePool(path: path, configuration: configuration)
            // The pool's one writer connection lives as long as the pool: FULL from here on.
            try database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            try Schema.migrator.migrate(database)
            // Webhooks removed before secrets were erased on removal kept theirs.
            try database.write { db in try db.execute(sql: "UPDATE tracking_webhook SET secret = '' WHERE active = 0 AND secret <> ''") }
        } catch {
            throw PortunusError(.storage, "cannot open the database: \(PortunusStore.describe(error))")
        }
    }

    static func describe(_ error: any Error) -> String {
        // GRDB's DatabaseError description includes the SQL and its arguments, which may hold
        // personal data: keep only SQLite's own message.
        if let error = error as? DatabaseError { return "SQLite error \(error.resultCode.rawValue): \(error.message ?? "unknown")" }
        return String(describing: type(of: error))
    }

    func read<T>(_ body: (Database) throws -> T) throws(PortunusError) -> T {
        // A PortunusError from `body` is already what the caller should see (a stored state
        // this version does not know names its column).
        do { return try database.read(body) } catch let error as PortunusError {
            throw error
        } catch {
            throw PortunusError(.storage, "read failed: \(PortunusStore.describe(error))")
        }
    }

    func write<T>(_ body: (Database) throws -> T) throws(PortunusError) -> T {
        do { return try database.write(body) } catch let error as PortunusError {
            throw error
        } catch {
            throw PortunusError(.storage, "write failed: \(PortunusStore.describe(error))")
        }
    }

    // MARK: - Writing

    /// The id of the declaration a party lodged under its own reference, if any.
    public func declarationID(referenceParty party: String, reference: String) throws(PortunusError) -> String? {
        try read { db in
            try String.fetchOne(db, sql: "SELECT id FROM declaration WHERE reference_party = ? AND reference = ?", arguments: [party, reference])
        }
    }

    /// The trader's own reference of a declaration, when Portunus assigned its id.
    public func declarationReference(id: String) throws(PortunusError) -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT reference FROM declaration WHERE id = ?", arguments: [id]) }
    }

    /// Stores a batch in one transaction and says, for each declaration, whether it was
    /// inserted, already present with the same content, or in conflict with a different
    /// declaration of the same id.
    public func write(_ batch: [StoredDeclaration], importRun: Int64? = nil) throws(PortunusError) -> [StoredDeclaration.Outcome] {
        try transaction { try $0.insertDeclarations(batch, importRun: importRun) }
    }
}

extension StoreTransaction {
    /// Inserts a batch and says, for each declaration, whether it was inserted, already
    /// present with the same content, or in conflict with a different declaration of the same id.
    public func insertDeclarations(_ batch: [StoredDeclaration], importRun: Int64? = nil) throws -> [StoredDeclaration.Outcome] {
        let insertDeclaration = try db.cachedStatement(
            sql: """
                INSERT INTO declaration (id, lodged_at, office, process_type, import_type, import_use, payment_type,
                    transport_mode, declarant_id, importer_id, seller_id, carrier_id, assessed_at, inspected_at,
                    released_at, item_count, content_hash, import_run_id, source_line, reference_party, reference)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING
                """)
        let insertItem = try db.cachedStatement(
            sql: """
                INSERT INTO goods_item (declaration_seq, sequence, hs_code, origin, departure, origin_marking,
                    net_mass_e4, customs_value_e4, currency, duty_rate_e4, tax_type)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        let insertOutcome = try db.cachedStatement(
            sql: """
                INSERT INTO inspection_outcome (declaration_seq, result, fraud, critical, revenue_recovered_e4, revenue_currency)
                VALUES (?, ?, ?, ?, ?, ?)
                """)
        let insertWarning = try db.cachedStatement(sql: "INSERT INTO declaration_warning (declaration_seq, code, field) VALUES (?, ?, ?)")
        let existingHash = try db.cachedStatement(sql: "SELECT content_hash FROM declaration WHERE id = ?")

        var outcomes: [StoredDeclaration.Outcome] = []
        outcomes.reserveCapacity(batch.count)
        var declarationRow = PreparedInsert(insertDeclaration)
        var itemRow = PreparedInsert(insertItem)
        var outcomeRow = PreparedInsert(insertOutcome)
        var warningRow = PreparedInsert(insertWarning)
        for stored in batch {
            let declaration = stored.declaration
            let hash = declaration.contentHash
            let timeline = declaration.timeline
            declarationRow.bind(declaration.id.rawValue)
            declarationRow.bind(ISO8601.format(declaration.lodgedAt))
            declarationRow.bind(declaration.office)
            declarationRow.bind(declaration.procedure.processType)
            declarationRow.bind(declaration.procedure.importType)
            declarationRow.bind(declaration.procedure.importUse)
            declarationRow.bind(declaration.procedure.paymentType)
            declarationRow.bind(declaration.procedure.modeOfTransport)
            declarationRow.bind(declaration.parties.declarant)
            declarationRow.bind(declaration.parties.importer)
            declarationRow.bind(declaration.parties.seller)
            declarationRow.bind(declaration.parties.carrier)
            declarationRow.bind(timeline.assessed.map(ISO8601.format))
            declarationRow.bind(timeline.inspected.map(ISO8601.format))
            declarationRow.bind(timeline.released.map(ISO8601.format))
            declarationRow.bind(declaration.items.count)
            declarationRow.bind(hash)
            declarationRow.bind(importRun)
            declarationRow.bind(stored.sourceLine)
            declarationRow.bind(stored.reference?.party)
            declarationRow.bind(stored.reference?.reference)
            try declarationRow.execute(db)
            guard db.changesCount == 1 else {
                let stored = try Int64.fetchOne(existingHash, arguments: [declaration.id.rawValue])
                outcomes.append(stored == hash ? .alreadyPresent : .conflict)
                continue
            }
            let seq = db.lastInsertedRowID
            for item in declaration.items {
                itemRow.bind(seq)
                itemRow.bind(item.sequence)
                itemRow.bind(item.hsCode.digits)
                itemRow.bind(item.countryOfOrigin.code)
                itemRow.bind(item.countryOfDeparture.code)
                itemRow.bind(item.originMarking)
                itemRow.bind(item.netMass.scaledValue)
                itemRow.bind(item.customsValue.amount.scaledValue)
                itemRow.bind(item.customsValue.currency.code)
                itemRow.bind(item.dutyRate.scaledValue)
                itemRow.bind(item.taxType)
                try itemRow.execute(db)
            }
            if let outcome = declaration.outcome {
                outcomeRow.bind(seq)
                outcomeRow.bind(outcome.result.rawValue)
                outcomeRow.bind(outcome.fraud)
                outcomeRow.bind(outcome.critical)
                outcomeRow.bind(outcome.revenueRecovered?.amount.scaledValue)
                outcomeRow.bind(outcome.revenueRecovered?.currency.code)
                try outcomeRow.execute(db)
            }
            for warning in stored.warnings {
                warningRow.bind(seq)
                warningRow.bind(warning.code.rawValue)
                warningRow.bind(warning.field ?? "")
                try warningRow.execute(db)
            }
            outcomes.append(.inserted)
        }
        return outcomes
    }
}

extension PortunusStore {

    // MARK: - Import runs

    /// Records the start of an import, so that an interrupted one is visible afterwards.
    public func beginImportRun(source: String, format: String) throws(PortunusError) -> Int64 {
        try write { db in
            try db.execute(
                sql: "INSERT INTO import_run (source, format, started_at) VALUES (?, ?, ?)",
                arguments: [source, format, ISO8601.format(Date())])
            return db.lastInsertedRowID
        }
    }

    /// Records the end of an import with its counts.
    public func finishImportRun(_ id: Int64, status: String, rowsRead: Int, imported: Int, alreadyPresent: Int, rejected: Int, warned: Int)
        throws(PortunusError)
    {
        try write { db in
            try db.execute(
                sql: """
                    UPDATE import_run SET finished_at = ?, status = ?, rows_read = ?, imported = ?, already_present = ?,
                        rejected = ?, warned = ? WHERE id = ?
                    """,
                arguments: [ISO8601.format(Date()), status, rowsRead, imported, alreadyPresent, rejected, warned, id])
        }
    }
}

extension PortunusStore {
    /// Copies what it can of the WAL back into the database without blocking readers or
    /// writers (`PRAGMA wal_checkpoint(PASSIVE)`).
    /// Stops the pool's writer from checkpointing when a commit grows the WAL past its
    /// threshold: a long-running server then checkpoints with ``checkpointAside()`` on a
    /// schedule, and no commit waits for 32 MiB to be copied.
    public func disableAutomaticCheckpoints() throws(PortunusError) {
        do {
            try database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_autocheckpoint = 0") }
        } catch {
            throw PortunusError(.storage, "cannot change checkpointing: \(PortunusStore.describe(error))")
        }
    }

    /// A passive checkpoint from a connection of its own: it copies what the WAL holds back
    /// into the database while the writer goes on committing.
    public func checkpointAside() throws(PortunusError) {
        do {
            try asideConnection().writeWithoutTransaction { db in _ = try Row.fetchAll(db, sql: "PRAGMA wal_checkpoint(PASSIVE)") }
        } catch {
            throw PortunusError(.storage, "checkpoint failed: \(PortunusStore.describe(error))")
        }
    }

    /// After erasing a secret: copies the WAL back and truncates it to nothing, so the frames
    /// holding the page as it was before the erasure leave the disk too (otherwise they stay
    /// in the WAL file until overwritten). Best effort: with a reader in the middle of a long
    /// read the WAL is not reset, and the frames go at a later checkpoint.
    /// It runs on the aside connection, whose busy timeout is one second: a TRUNCATE checkpoint
    /// holds new writers back while it waits for readers, and a tracker's acknowledgement
    /// should not wait longer than that for a webhook's removal.
    func eraseFromWAL() {
        _ = try? asideConnection().writeWithoutTransaction { db in try Row.fetchAll(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
    }

    private func asideConnection() throws -> DatabaseQueue {
        try aside.withLock { aside in
            if let aside { return aside }
            var configuration = Configuration()
            configuration.busyMode = .timeout(1)
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            aside = queue
            return queue
        }
    }

    public func checkpoint() throws(PortunusError) {
        do {
            try database.writeWithoutTransaction { db in _ = try Row.fetchAll(db, sql: "PRAGMA wal_checkpoint(PASSIVE)") }
        } catch {
            throw PortunusError(.storage, "checkpoint failed: \(PortunusStore.describe(error))")
        }
    }
}
