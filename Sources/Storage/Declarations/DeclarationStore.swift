import Clearance
import Foundation
import GRDB
import PortunusCore

/// Declarations as lodged or imported (with their goods items, inspection outcomes and warnings),
/// the traders' own references, and import runs.
public struct DeclarationStore: AggregateStore {
    let engine: PortunusStore
}

extension DeclarationStore {
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

extension DeclarationStore {
    /// Number of declarations stored.
    public func count() throws(PortunusError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM declaration") ?? 0 }
    }

    /// Which of these declaration ids are stored already. Lodgement asks before assessing, so a
    /// retried batch is not scored and decided again only to be found already present.
    public func storedDeclarationIDs(_ ids: [String]) throws(PortunusError) -> Set<String> {
        guard !ids.isEmpty else { return [] }
        return try read { db in
            var found = Set<String>()
            var start = 0
            while start < ids.count {
                let chunk = ids[start..<min(start + 500, ids.count)]
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
                found.formUnion(
                    try String.fetchAll(db, sql: "SELECT id FROM declaration WHERE id IN (\(marks))", arguments: StatementArguments(Array(chunk))))
                start += 500
            }
            return found
        }
    }

    /// Loads one declaration with its items and outcome.
    public func declaration(id: DeclarationID) throws(PortunusError) -> Declaration? {
        try read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM declaration WHERE id = ?", arguments: [id.rawValue])
            return try DeclarationStore.assemble(db, rows).first?.declaration
        }
    }

    /// Which declarations a listing asks for. All filters combine with AND.
    public struct DeclarationQuery: Sendable, Hashable {
        public var office: String?
        public var importer: String?
        /// Declarations where this party is the importer or the declarant (a trader's own).
        public var party: String?
        /// HS code prefix (chapter, heading, subheading...) of at least one item.
        public var hsPrefix: String?
        /// Lodged at or after.
        public var lodgedFrom: Date?
        /// Lodged before.
        public var lodgedBefore: Date?
        /// Continue after this internal sequence number (keyset pagination).
        public var after: Int64?
        /// In this clearance stage (`released`, …; see docs/clearance.md).
        public var stage: ClearanceState.Stage?
        public var limit: Int

        public init(
            office: String? = nil, importer: String? = nil, party: String? = nil, hsPrefix: String? = nil,
            lodgedFrom: Date? = nil, lodgedBefore: Date? = nil, after: Int64? = nil, limit: Int = 100
        ) {
            self.office = office
            self.importer = importer
            self.party = party
            self.hsPrefix = hsPrefix
            self.lodgedFrom = lodgedFrom
            self.lodgedBefore = lodgedBefore
            self.after = after
            self.limit = limit
        }
    }

    /// A page of declarations in storage order, and the sequence number to continue after
    /// when there may be more.
    public func declarations(matching query: DeclarationQuery) throws(PortunusError) -> (declarations: [Declaration], next: Int64?) {
        try read { db in
            var filter = SQLFilter()
            if let office = query.office { filter.add("office = ?", office) }
            if let importer = query.importer { filter.add("importer_id = ?", importer) }
            if let party = query.party { filter.add("(importer_id = ? OR declarant_id = ?)", party, party) }
            if let prefix = query.hsPrefix {
                // A range on the index instead of LIKE: '8471' ≤ code < '8472'.
                filter.add(
                    "EXISTS (SELECT 1 FROM goods_item g WHERE g.declaration_seq = declaration.seq AND g.hs_code >= ? AND g.hs_code < ?)",
                    prefix, prefix + "\u{7F}")
            }
            if let from = query.lodgedFrom { filter.add("lodged_at >= ?", ISO8601.format(from)) }
            if let before = query.lodgedBefore { filter.add("lodged_at < ?", ISO8601.format(before)) }
            if let after = query.after { filter.add("seq > ?", after) }
            if let stage = query.stage { filter.add("\(ClearanceStore.stageExpression(declaration: "declaration")) = ?", stage.rawValue) }
            let limit = max(1, min(query.limit, 1000))
            let sql = "SELECT * FROM declaration\(filter.whereClause) ORDER BY seq LIMIT \(limit + 1)"
            var rows = try Row.fetchAll(db, sql: sql, arguments: StatementArguments(filter.arguments))
            let more = rows.count > limit
            if more { rows.removeLast() }
            let assembled = try DeclarationStore.assemble(db, rows)
            return (assembled.map(\.declaration), more ? assembled.last?.seq : nil)
        }
    }

    /// Builds declarations from their rows, loading items and outcomes in one query each.
    static func assemble(_ db: Database, _ rows: [Row]) throws -> [(seq: Int64, declaration: Declaration)] {
        guard !rows.isEmpty else { return [] }
        let seqs: [Int64] = rows.map { $0["seq"] }
        let placeholders = Array(repeating: "?", count: seqs.count).joined(separator: ",")
        var items: [Int64: [GoodsItem]] = [:]
        for item in try Row.fetchAll(
            db, sql: "SELECT * FROM goods_item WHERE declaration_seq IN (\(placeholders)) ORDER BY declaration_seq, sequence",
            arguments: StatementArguments(seqs))
        {
            var goods = GoodsItem(
                sequence: item["sequence"], hsCode: HSCode(unchecked: item["hs_code"]),
                countryOfOrigin: Country(unchecked: item["origin"]), countryOfDeparture: Country(unchecked: item["departure"]),
                originMarking: item["origin_marking"], netMass: FixedDecimal(scaledValue: item["net_mass_e4"]),
                customsValue: Money(FixedDecimal(scaledValue: item["customs_value_e4"]), Currency(unchecked: item["currency"])),
                dutyRate: FixedDecimal(scaledValue: item["duty_rate_e4"]), taxType: item["tax_type"])
            try DutyFactsColumn.apply(item["duty_facts"], to: &goods)
            items[item["declaration_seq"], default: []].append(goods)
        }
        var outcomes: [Int64: InspectionOutcome] = [:]
        for outcome in try Row.fetchAll(
            db, sql: "SELECT * FROM inspection_outcome WHERE declaration_seq IN (\(placeholders))", arguments: StatementArguments(seqs))
        {
            var revenue: Money? = nil
            if let amount: Int64 = outcome["revenue_recovered_e4"], let currency: String = outcome["revenue_currency"] {
                revenue = Money(FixedDecimal(scaledValue: amount), Currency(unchecked: currency))
            }
            let resultText: String? = outcome["result"]
            guard let result = resultText.flatMap(InspectionOutcome.Result.init(rawValue:)) else {
                throw Row.unknown(resultText, column: "result", table: "inspection_outcome")
            }
            outcomes[outcome["declaration_seq"]] = InspectionOutcome(
                result: result,
                fraud: outcome["fraud"], critical: outcome["critical"], revenueRecovered: revenue)
        }
        return try rows.map { row throws(PortunusError) in
            let seq: Int64 = row["seq"]
            func date(_ column: String) throws(PortunusError) -> Date? { try row.timeIfPresent(column, in: "declaration") }
            let lodged = try row.time("lodged_at", in: "declaration")
            let declaration = Declaration(
                id: DeclarationID(unchecked: row["id"]), lodgedAt: lodged, office: row["office"],
                procedure: .init(
                    processType: row["process_type"], importType: row["import_type"], importUse: row["import_use"],
                    paymentType: row["payment_type"], modeOfTransport: row["transport_mode"]),
                parties: .init(declarant: row["declarant_id"], importer: row["importer_id"], seller: row["seller_id"], carrier: row["carrier_id"]),
                items: items[seq] ?? [],
                timeline: .init(
                    lodged: lodged, assessed: try date("assessed_at"), inspected: try date("inspected_at"), released: try date("released_at")),
                outcome: outcomes[seq])
            return (seq, declaration)
        }
    }

    /// Warnings stored with a declaration.
    public func warnings(for id: DeclarationID) throws(PortunusError) -> [PortunusError] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT w.code, w.field FROM declaration_warning w JOIN declaration d ON d.seq = w.declaration_seq
                    WHERE d.id = ? ORDER BY w.rowid
                    """, arguments: [id.rawValue]
            )
            .map { PortunusError(.init($0["code"]), "stored warning", field: $0["field"]) }
        }
    }

    /// Figures about what the store holds, for the main job's summary and the landing page.
    public struct Summary: Sendable {
        public var declarations = 0
        public var goodsItems = 0
        public var inspected = 0
        public var fraud = 0
        public var critical = 0
        public var warnings = 0
        public var offices = 0
        public var importers = 0
        public var firstLodged: String?
        public var lastLodged: String?
        /// Customs value per currency, summed exactly.
        public var valueByCurrency: [String: FixedDecimal.Total] = [:]
        /// The ten HS chapters with most goods items, with their counts.
        public var topChapters: [(chapter: String, items: Int)] = []
        public var importRuns = 0
        public var unfinishedImportRuns = 0
    }

    public func summary() throws(PortunusError) -> Summary {
        try read { db in
            var summary = Summary()
            if let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) AS n, COUNT(DISTINCT office) AS offices, COUNT(DISTINCT importer_id) AS importers,
                           MIN(lodged_at) AS first, MAX(lodged_at) AS last FROM declaration
                    """)
            {
                summary.declarations = row["n"]
                summary.offices = row["offices"]
                summary.importers = row["importers"]
                summary.firstLodged = row["first"]
                summary.lastLodged = row["last"]
            }
            summary.goodsItems = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM goods_item") ?? 0
            if let row = try Row.fetchOne(db, sql: "SELECT COUNT(*) AS n, SUM(fraud) AS fraud, SUM(critical) AS critical FROM inspection_outcome") {
                summary.inspected = row["n"]
                summary.fraud = row["fraud"] ?? 0
                summary.critical = row["critical"] ?? 0
            }
            summary.warnings = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM declaration_warning") ?? 0
            // Summed in two 32-bit halves, each of which SQLite's 64-bit SUM holds for up to 2^31
            // rows, and joined in 128 bits: SUM over the whole column overflows (SQLite raises
            // "integer overflow") once the items' values pass 922 trillion.
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT currency, SUM(customs_value_e4 >> 32) AS high, SUM(customs_value_e4 & 4294967295) AS low FROM goods_item GROUP BY currency
                    """)
            {
                let high: Int64 = row["high"]
                let low: Int64 = row["low"]
                summary.valueByCurrency[row["currency"]] = FixedDecimal.Total(scaledValue: Int128(high) << 32 + Int128(low))
            }
            summary.topChapters = try Row.fetchAll(
                db,
                sql: """
                    SELECT substr(hs_code, 1, 2) AS chapter, COUNT(*) AS n FROM goods_item GROUP BY chapter ORDER BY n DESC, chapter LIMIT 10
                    """
            ).map { (chapter: $0["chapter"], items: $0["n"]) }
            summary.importRuns = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM import_run") ?? 0
            summary.unfinishedImportRuns = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM import_run WHERE status = 'running'") ?? 0
            return summary
        }
    }

    /// Runs SQLite's own consistency check; returns the problems found (empty when sound).
    public func integrityCheck() throws(PortunusError) -> [String] {
        try read { db in
            let lines = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            let orphans =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT COUNT(*) FROM declaration d
                        WHERE d.item_count != (SELECT COUNT(*) FROM goods_item g WHERE g.declaration_seq = d.seq)
                        """) ?? 0
            var problems = lines == ["ok"] ? [] : lines
            if orphans > 0 { problems.append("\(orphans) declarations whose goods items are incomplete") }
            return problems
        }
    }
}

extension DeclarationStore {
    /// Totals over every recorded file import (CLI), for metrics.
    public struct ImportTotals: Sendable, Hashable {
        public var runs = 0
        public var rowsRead = 0
        public var imported = 0
        public var alreadyPresent = 0
        public var rejected = 0
    }

    public func importTotals() throws(PortunusError) -> ImportTotals {
        try read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT COUNT(*) AS runs, SUM(rows_read) AS rows_read, SUM(imported) AS imported,
                               SUM(already_present) AS already_present, SUM(rejected) AS rejected FROM import_run
                        """)
            else { return ImportTotals() }
            return ImportTotals(
                runs: row["runs"], rowsRead: row["rows_read"] ?? 0, imported: row["imported"] ?? 0,
                alreadyPresent: row["already_present"] ?? 0, rejected: row["rejected"] ?? 0)
        }
    }
}

extension DeclarationStore {
    /// Every declaration matching `query` (its cursor and limit are managed here), read in
    /// pages of 1,000 so that no single read holds the database for long.
    public func allDeclarations(matching query: DeclarationQuery) throws(PortunusError) -> [Declaration] {
        var query = query
        query.limit = 1000
        query.after = nil
        var declarations: [Declaration] = []
        repeat {
            let page = try self.declarations(matching: query)
            declarations += page.declarations
            query.after = page.next
        } while query.after != nil
        return declarations
    }
}
