import Foundation
import GRDB
import PortunusCore

extension DeclarationStore {
    /// Number of declarations stored.
    public func declarationCount() throws(PortunusError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM declaration") ?? 0 }
    }

    /// Loads one declaration with its items and outcome.
    public func declaration(id: DeclarationID) throws(PortunusError) -> Declaration? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM declaration WHERE id = ?", arguments: [id.rawValue]) else {
                return nil
            }
            let seq: Int64 = row["seq"]
            let items = try Row.fetchAll(db, sql: "SELECT * FROM goods_item WHERE declaration_seq = ? ORDER BY sequence", arguments: [seq])
                .map { item in
                    GoodsItem(
                        sequence: item["sequence"], hsCode: HSCode(unchecked: item["hs_code"]),
                        countryOfOrigin: Country(unchecked: item["origin"]), countryOfDeparture: Country(unchecked: item["departure"]),
                        originMarking: item["origin_marking"], netMass: FixedDecimal(scaledValue: item["net_mass_e4"]),
                        customsValue: Money(FixedDecimal(scaledValue: item["customs_value_e4"]), Currency(unchecked: item["currency"])),
                        dutyRate: FixedDecimal(scaledValue: item["duty_rate_e4"]), taxType: item["tax_type"])
                }
            let outcome = try Row.fetchOne(db, sql: "SELECT * FROM inspection_outcome WHERE declaration_seq = ?", arguments: [seq])
                .map { outcome -> InspectionOutcome in
                    var revenue: Money? = nil
                    if let amount: Int64 = outcome["revenue_recovered_e4"], let currency: String = outcome["revenue_currency"] {
                        revenue = Money(FixedDecimal(scaledValue: amount), Currency(unchecked: currency))
                    }
                    return InspectionOutcome(
                        result: InspectionOutcome.Result(rawValue: outcome["result"]) ?? .irregularity,
                        fraud: outcome["fraud"], critical: outcome["critical"], revenueRecovered: revenue)
                }
            func date(_ column: String) -> Date? { (row[column] as String?).flatMap { ISO8601.parse($0) } }
            let lodged = date("lodged_at") ?? Date(timeIntervalSince1970: 0)
            return Declaration(
                id: DeclarationID(unchecked: row["id"]), lodgedAt: lodged, office: row["office"],
                procedure: .init(
                    processType: row["process_type"], importType: row["import_type"], importUse: row["import_use"],
                    paymentType: row["payment_type"], modeOfTransport: row["transport_mode"]),
                parties: .init(declarant: row["declarant_id"], importer: row["importer_id"], seller: row["seller_id"], carrier: row["carrier_id"]),
                items: items,
                timeline: .init(lodged: lodged, assessed: date("assessed_at"), inspected: date("inspected_at"), released: date("released_at")),
                outcome: outcome)
        }
    }

    /// Warnings stored with a declaration.
    public func warnings(for id: DeclarationID) throws(PortunusError) -> [PortunusError] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT w.code, w.field FROM declaration_warning w JOIN declaration d ON d.seq = w.declaration_seq
                WHERE d.id = ? ORDER BY w.rowid
                """, arguments: [id.rawValue])
                .map { PortunusError(.init($0["code"]), "stored warning", field: $0["field"]) }
        }
    }

    /// Figures about what the store holds, for the main job's summary and the landing page.
    public struct Summary: Sendable, Hashable {
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
        public var valueByCurrency: [String: FixedDecimal] = [:]
        /// The ten HS chapters with most goods items, with their counts.
        public var topChapters: [(chapter: String, items: Int)] = []
        public var importRuns = 0
        public var unfinishedImportRuns = 0

        public static func == (lhs: Summary, rhs: Summary) -> Bool {
            lhs.declarations == rhs.declarations && lhs.goodsItems == rhs.goodsItems && lhs.fraud == rhs.fraud
                && lhs.topChapters.map(\.chapter) == rhs.topChapters.map(\.chapter)
        }
        public func hash(into hasher: inout Hasher) { hasher.combine(declarations); hasher.combine(goodsItems) }
    }

    public func summary() throws(PortunusError) -> Summary {
        try read { db in
            var summary = Summary()
            if let row = try Row.fetchOne(db, sql: """
                SELECT COUNT(*) AS n, COUNT(DISTINCT office) AS offices, COUNT(DISTINCT importer_id) AS importers,
                       MIN(lodged_at) AS first, MAX(lodged_at) AS last FROM declaration
                """) {
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
            for row in try Row.fetchAll(db, sql: "SELECT currency, SUM(customs_value_e4) AS total FROM goods_item GROUP BY currency") {
                summary.valueByCurrency[row["currency"]] = FixedDecimal(scaledValue: row["total"])
            }
            summary.topChapters = try Row.fetchAll(db, sql: """
                SELECT substr(hs_code, 1, 2) AS chapter, COUNT(*) AS n FROM goods_item GROUP BY chapter ORDER BY n DESC, chapter LIMIT 10
                """).map { (chapter: $0["chapter"], items: $0["n"]) }
            summary.importRuns = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM import_run") ?? 0
            summary.unfinishedImportRuns = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM import_run WHERE status = 'running'") ?? 0
            return summary
        }
    }

    /// Runs SQLite's own consistency check; returns the problems found (empty when sound).
    public func integrityCheck() throws(PortunusError) -> [String] {
        try read { db in
            let lines = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            let orphans = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM declaration d
                WHERE d.item_count != (SELECT COUNT(*) FROM goods_item g WHERE g.declaration_seq = d.seq)
                """) ?? 0
            var problems = lines == ["ok"] ? [] : lines
            if orphans > 0 { problems.append("\(orphans) declarations whose goods items are incomplete") }
            return problems
        }
    }
}
