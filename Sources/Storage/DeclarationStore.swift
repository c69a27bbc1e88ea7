import Foundation
import GRDB
import PortunusCore

/// The embedded store: one SQLite database in the data directory, in WAL mode.
///
/// WAL lets readers (the server's queries, a report) run while an import writes, and makes
/// every committed transaction survive a crash of the process; with `synchronous = NORMAL`
/// a power loss may forget the last commits but never corrupts the file. Every batch is one
/// transaction: after a crash or a rejected batch nothing is half-written.
///
/// ```swift
/// let store = try DeclarationStore(dataDirectory: "./portunus-data")
/// let outcomes = try store.write([StoredDeclaration(declaration: declaration)])
/// ```
public final class DeclarationStore: Sendable {
    /// The database file's name inside the data directory.
    public static let fileName = "portunus.sqlite"

    package let database: DatabasePool
    /// Path of the database file.
    public let path: String

    /// Opens (creating when needed) the store in `dataDirectory` and migrates it.
    public init(dataDirectory: String) throws(PortunusError) {
        do {
            try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        } catch {
            throw PortunusError(.io, "cannot create the data directory: \(error.localizedDescription)")
        }
        path = (dataDirectory as NSString).appendingPathComponent(DeclarationStore.fileName)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            database = try DatabasePool(path: path, configuration: configuration)
            try Schema.migrator.migrate(database)
        } catch {
            throw PortunusError(.storage, "cannot open the database: \(DeclarationStore.describe(error))")
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
            throw PortunusError(.storage, "read failed: \(DeclarationStore.describe(error))")
        }
    }

    func write<T>(_ body: (Database) throws -> T) throws(PortunusError) -> T {
        do { return try database.write(body) } catch let error as PortunusError {
            throw error
        } catch {
            throw PortunusError(.storage, "write failed: \(DeclarationStore.describe(error))")
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
            for stored in batch {
                let declaration = stored.declaration
                let hash = declaration.contentHash
                let timeline = declaration.timeline
                insertDeclaration.setUncheckedArguments([
                    declaration.id.rawValue, ISO8601.format(declaration.lodgedAt), declaration.office,
                    declaration.procedure.processType, declaration.procedure.importType, declaration.procedure.importUse,
                    declaration.procedure.paymentType, declaration.procedure.modeOfTransport,
                    declaration.parties.declarant, declaration.parties.importer, declaration.parties.seller,
                    declaration.parties.carrier, timeline.assessed.map(ISO8601.format), timeline.inspected.map(ISO8601.format),
                    timeline.released.map(ISO8601.format), declaration.items.count, hash, importRun, stored.sourceLine,
                ])
                try insertDeclaration.execute()
                guard db.changesCount == 1 else {
                    let stored = try Int64.fetchOne(existingHash, arguments: [declaration.id.rawValue])
                    outcomes.append(stored == hash ? .alreadyPresent : .conflict)
                    continue
                }
                let seq = db.lastInsertedRowID
                for item in declaration.items {
                    insertItem.setUncheckedArguments([
                        seq, item.sequence, item.hsCode.digits, item.countryOfOrigin.code, item.countryOfDeparture.code,
                        item.originMarking, item.netMass.scaledValue, item.customsValue.amount.scaledValue,
                        item.customsValue.currency.code, item.dutyRate.scaledValue, item.taxType,
                    ])
                    try insertItem.execute()
                }
                if let outcome = declaration.outcome {
                    insertOutcome.setUncheckedArguments([
                        seq, outcome.result.rawValue, outcome.fraud, outcome.critical,
                        outcome.revenueRecovered?.amount.scaledValue, outcome.revenueRecovered?.currency.code,
                    ])
                    try insertOutcome.execute()
                }
                for warning in stored.warnings {
                    try insertWarning.execute(arguments: [seq, warning.code.rawValue, warning.field ?? ""])
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
