import Foundation
import GRDB
import PortunusCore
import Synchronization

/// The embedded store: one SQLite database in the data directory, in WAL mode, holding
/// declarations, import runs, API keys and the audit trail.
///
/// WAL lets readers (the server's queries, a report) run while an import writes, and makes
/// every committed transaction survive a crash of the process; with `synchronous = NORMAL`
/// a power loss may forget the last commits but never corrupts the file. Every batch is one
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

    /// Opens (creating when needed) the store in `dataDirectory` and migrates it.
    public init(dataDirectory: String) throws(PortunusError) {
        do {
            try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        } catch {
            throw PortunusError(.io, "cannot create the data directory: \(error.localizedDescription)")
        }
        path = (dataDirectory as NSString).appendingPathComponent(PortunusStore.fileName)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // 32 MiB of page cache keeps the indexes' upper levels in memory during large imports.
            try db.execute(sql: "PRAGMA cache_size = -32768")
            // Checkpoint the WAL every 8,192 pages (32 MiB) rather than 1,000: pages that a large
            // import rewrites many times are then copied back once; a quarter off import time.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 8192")
        }
        do {
            database = try DatabasePool(path: path, configuration: configuration)
            try Schema.migrator.migrate(database)
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
        do { return try database.read(body) } catch {
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

    /// Stores a batch in one transaction and says, for each declaration, whether it was
    /// inserted, already present with the same content, or in conflict with a different
    /// declaration of the same id.
    public func write(_ batch: [StoredDeclaration], importRun: Int64? = nil) throws(PortunusError) -> [StoredDeclaration.Outcome] {
        try write { db in
            let insertDeclaration = try db.cachedStatement(sql: """
                INSERT INTO declaration (id, lodged_at, office, process_type, import_type, import_use, payment_type,
                    transport_mode, declarant_id, importer_id, seller_id, carrier_id, assessed_at, inspected_at,
                    released_at, item_count, content_hash, import_run_id, source_line)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO NOTHING
                """)
            let insertItem = try db.cachedStatement(sql: """
                INSERT INTO goods_item (declaration_seq, sequence, hs_code, origin, departure, origin_marking,
                    net_mass_e4, customs_value_e4, currency, duty_rate_e4, tax_type)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let insertOutcome = try db.cachedStatement(sql: """
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
    public func finishImportRun(_ id: Int64, status: String, rowsRead: Int, imported: Int, alreadyPresent: Int, rejected: Int, warned: Int) throws(PortunusError) {
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
            let connection = try aside.withLock { aside in
                if let aside { return aside }
                var configuration = Configuration()
                configuration.busyMode = .timeout(1)
                let queue = try DatabaseQueue(path: path, configuration: configuration)
                aside = queue
                return queue
            }
            try connection.writeWithoutTransaction { db in _ = try Row.fetchAll(db, sql: "PRAGMA wal_checkpoint(PASSIVE)") }
        } catch {
            throw PortunusError(.storage, "checkpoint failed: \(PortunusStore.describe(error))")
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
