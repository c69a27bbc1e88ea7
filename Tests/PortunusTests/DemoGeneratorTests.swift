import Foundation
import GRDB
import PortunusTestSupport
import Testing

@testable import Portunus
@testable import PortunusCore
@testable import Storage

@Suite("Demo data generator", .offPool)
struct DemoGeneratorTests {
    @Test("the same seed gives the same file; another seed gives another")
    func deterministic() throws {
        let directory = TestEnvironment.temporaryDirectory()
        defer { TestEnvironment.cleanUp(directory) }
        let generator = DemoGenerator()
        let a = directory.appendingPathComponent("a.csv").path
        let b = directory.appendingPathComponent("b.csv").path
        let c = directory.appendingPathComponent("c.csv").path
        let reportA = try generator.generate(.init(declarations: 500, seed: 7), to: a)
        let reportB = try generator.generate(.init(declarations: 500, seed: 7), to: b)
        _ = try generator.generate(.init(declarations: 500, seed: 8), to: c)
        #expect(reportA == reportB)
        #expect(try Data(contentsOf: URL(fileURLWithPath: a)) == Data(contentsOf: URL(fileURLWithPath: b)))
        #expect(try Data(contentsOf: URL(fileURLWithPath: a)) != Data(contentsOf: URL(fileURLWithPath: c)))
    }

    @Test("the data set imports whole and looks like customs data: multi-item declarations, labels only where inspected, planted fraud of every kind")
    func realistic() throws {
        let directory = TestEnvironment.temporaryDirectory()
        defer { TestEnvironment.cleanUp(directory) }
        let path = directory.appendingPathComponent("demo.csv").path
        let report = try DemoGenerator().generate(.init(declarations: 6000, seed: 1), to: path)
        #expect(report.declarations == 6000)
        #expect(report.goodsItems > 6000)
        for kind in ["undervaluation", "misclassification", "false_origin"] {
            #expect(report.byKind.contains { $0.key.hasSuffix(kind) && $0.value > 0 }, "\(kind) planted")
        }
        #expect(report.byKind.keys.contains { $0.hasPrefix("new_importer:") })
        #expect(report.byKind.keys.contains { $0.hasPrefix("risky_importer:") })

        let store = try PortunusStore(dataDirectory: directory.path)
        let summary = try DeclarationImport(store: store).run(.init(path: path, mapping: .portunus))
        #expect(summary.imported == 6000)
        #expect(summary.rejectedDeclarations == 0)
        #expect(summary.itemsImported == report.goodsItems)

        let stats = try store.declarations.summary()
        let inspectedShare = Double(stats.inspected) / Double(stats.declarations)
        #expect(inspectedShare > 0.08 && inspectedShare < 0.35)
        #expect(stats.fraud == report.fraudDetected)
        #expect(stats.offices == DemoCatalogue.offices.count)

        try store.database.read { db in
            // Uninspected declarations carry no label; inspected ones have an inspection time.
            let unlabelledInspections = try Int.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) FROM declaration d LEFT JOIN inspection_outcome o ON o.declaration_seq = d.seq
                    WHERE (o.declaration_seq IS NULL) != (d.inspected_at IS NULL)
                    """)
            #expect(unlabelledInspections == 0)
            // Express hubs use couriers; seaports ship by sea.
            let seaByAir = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM declaration WHERE office LIKE 'SEA%' AND transport_mode != '10'")
            #expect(seaByAir == 0)
            let expressWithoutCourier = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM declaration WHERE office LIKE 'EXP%' AND carrier_id IS NULL")
            #expect(expressWithoutCourier == 0)
            // Fraud found on inspection recovers revenue.
            let recovered = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM inspection_outcome WHERE fraud = 1 AND revenue_recovered_e4 IS NOT NULL")
            #expect(recovered == stats.fraud)
        }
    }
}
