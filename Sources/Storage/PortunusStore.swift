import Foundation
import GRDB
import PortunusCore
import Synchronization
import Tariff

/// The embedded engine: one SQLite database in the data directory, in WAL mode, holding every
/// aggregate; each aggregate's store is reached from it (`store.declarations`, `store.tracking`,
/// …, see ``AggregateStore``).
///
/// WAL lets readers (the server's queries, a report) run while an import writes; with
/// `synchronous = FULL` every transaction is on disk when its commit returns, so what was
/// acknowledged survives a crash of the process and a power loss. Every batch is one
/// transaction: after a crash or a rejected batch nothing is half-written.
///
/// ```swift
/// let store = try PortunusStore(dataDirectory: "./portunus-data")
/// let outcomes = try store.declarations.write([StoredDeclaration(declaration: declaration)])
/// ```
public final class PortunusStore: Sendable {
    /// The database file's name inside the data directory.
    public static let fileName = "portunus.sqlite"

    package let database: DatabasePool
    /// The connection of ``checkpointAside()``, opened on first use.
    private let aside = Mutex<DatabaseQueue?>(nil)
    /// The national tariff in memory, with the revision of the stored one it was built from
    /// (``TariffStore/dutyCalculator()``). A box of its own: a `Mutex` of this payload stored
    /// among the class's other properties was laid out wrongly in debug builds (reading `tightened`
    /// after it crashed).
    let dutyCalculatorCache = DutyCalculatorCache()
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
}

extension PortunusStore {
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

    /// Copies what it can of the WAL back into the database without blocking readers or
    /// writers (`PRAGMA wal_checkpoint(PASSIVE)`), on the pool's writer connection.
    public func checkpoint() throws(PortunusError) {
        do {
            try database.writeWithoutTransaction { db in _ = try Row.fetchAll(db, sql: "PRAGMA wal_checkpoint(PASSIVE)") }
        } catch {
            throw PortunusError(.storage, "checkpoint failed: \(PortunusStore.describe(error))")
        }
    }
}

/// The duty calculator built from the stored national tariff, and the tariff revision it was built from.
final class DutyCalculatorCache: Sendable {
    private let state = Mutex<(revision: Int64, calculator: DutyCalculator?)?>(nil)

    /// The cached calculator when it was built from `revision`.
    func calculator(revision: Int64) -> DutyCalculator?? {
        state.withLock { cached in
            guard let cached, cached.revision == revision else { return nil }
            return .some(cached.calculator)
        }
    }

    func store(_ calculator: DutyCalculator?, revision: Int64) { state.withLock { $0 = (revision, calculator) } }
}
