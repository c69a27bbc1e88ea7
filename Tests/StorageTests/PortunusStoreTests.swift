import Foundation
import GRDB
import PortunusTestSupport
import Testing

@testable import PortunusCore
@testable import Storage

func declaration(_ id: String, items: Int = 1, mass: String = "10", importer: String = "IMP1", fraud: Bool? = nil) throws -> Declaration {
    let goods = (1...max(1, items)).map { sequence in
        GoodsItem(
            sequence: sequence, hsCode: HSCode(unchecked: "847130"), countryOfOrigin: Country(unchecked: "CN"),
            countryOfDeparture: Country(unchecked: "HK"), originMarking: "G", netMass: FixedDecimal(mass)!,
            customsValue: Money(FixedDecimal("1234.56")!, .krw), dutyRate: FixedDecimal("5.2")!, taxType: "FCN1")
    }
    return Declaration(
        id: try DeclarationID(id), lodgedAt: ISO8601.parse("2020-03-01T09:30:00Z")!, office: "30",
        procedure: .init(processType: "B", importType: "11", importUse: "21", paymentType: "11", modeOfTransport: "40"),
        parties: .init(declarant: "DCL1", importer: importer, seller: "SLR1", carrier: nil), items: goods,
        timeline: .init(lodged: ISO8601.parse("2020-03-01T09:30:00Z")!, assessed: ISO8601.parse("2020-03-01T09:35:00Z")!),
        outcome: fraud.map {
            InspectionOutcome(
                result: $0 ? .irregularity : .noIrregularity, fraud: $0, critical: false,
                revenueRecovered: $0 ? Money(FixedDecimal("64.2")!, .krw) : nil)
        })
}

@Suite("SQLite store", .offPool)
struct PortunusStoreTests {
    @Test("a declaration round-trips with its items, outcome, timeline and warnings")
    func roundTrip() throws {
        let directory = TestEnvironment.temporaryDirectory()
        defer { TestEnvironment.cleanUp(directory) }
        let store = try PortunusStore(dataDirectory: directory.path)
        let original = try declaration("A-1", items: 3, fraud: true)
        let warning = PortunusError(.zeroMass, "net mass is zero", field: "/items/1/net_mass")
        #expect(try store.declarations.write([StoredDeclaration(declaration: original, warnings: [warning], sourceLine: 2)]) == [.inserted])
        let loaded = try #require(try store.declarations.declaration(id: original.id))
        #expect(loaded == original)
        #expect(try store.declarations.warnings(for: original.id).map(\.field) == ["/items/1/net_mass"])
        #expect(try store.declarations.declaration(id: DeclarationID("missing")) == nil)
    }

    @Test("writing the same declaration twice stores it once; a different one under the same id is a conflict")
    func idempotence() throws {
        let directory = TestEnvironment.temporaryDirectory()
        defer { TestEnvironment.cleanUp(directory) }
        let store = try PortunusStore(dataDirectory: directory.path)
        let first = try declaration("B-1")
        #expect(try store.declarations.write([StoredDeclaration(declaration: first)]) == [.inserted])
        #expect(try store.declarations.write([StoredDeclaration(declaration: first)]) == [.alreadyPresent])
        let changed = try declaration("B-1", mass: "11")
        #expect(
            try store.declarations.write([StoredDeclaration(declaration: changed), StoredDeclaration(declaration: try declaration("B-2"))]) == [
                .conflict, .inserted,
            ])
        #expect(try store.declarations.count() == 2)
        #expect(try store.declarations.declaration(id: first.id)?.items.first?.netMass == FixedDecimal("10"))
    }

    @Test("a batch that fails part-way leaves nothing of itself behind")
    func atomicBatch() throws {
        let directory = TestEnvironment.temporaryDirectory()
        defer { TestEnvironment.cleanUp(directory) }
        let store = try PortunusStore(dataDirectory: directory.path)
        var broken = try declaration("C-3", items: 2)
        broken.items[1].sequence = 1  // violates the goods item primary key inside the transaction
        let batch = try [declaration("C-1"), declaration("C-2"), broken].map { StoredDeclaration(declaration: $0) }
        #expect(throws: PortunusError(.storage, "")) { try store.declarations.write(batch) }
        #expect(try store.declarations.count() == 0)
        #expect(try store.declarations.integrityCheck().isEmpty)
    }

    @Test("the database runs in WAL mode, migrates once, and reopens with its data")
    func reopen() throws {
        let directory = TestEnvironment.temporaryDirectory()
        defer { TestEnvironment.cleanUp(directory) }
        do {
            let store = try PortunusStore(dataDirectory: directory.path)
            _ = try store.declarations.write([StoredDeclaration(declaration: try declaration("D-1"))])
            let mode = try store.database.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
            #expect(mode == "wal")
        }
        let reopened = try PortunusStore(dataDirectory: directory.path)
        #expect(try reopened.declarations.count() == 1)
        let migrations = try reopened.database.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(
            migrations == [
                "v1-declarations", "v2-keys-and-audit", "v3-risk-models", "v4-risk-decisions", "v5-travel-messages", "v6-ledger-outbox",
                "v7-certificates-and-lab-custody", "v8-travel-targeting", "v9-biometric-templates", "v10-biometric-galleries", "v11-zones",
                "v12-cargo-tracking", "v13-harmonized-system", "v14-hs-assistant", "v15-tracking-reject-bounds", "v16-alert-operator-position",
                "v17-declaration-reference", "v18-snake-case-warning-fields", "v19-clearance", "v20-duties", "v21-inspection-acts",
                "v22-clearance-webhooks",
            ])
    }

    @Test("the summary counts declarations, items, outcomes and values exactly")
    func summary() throws {
        let directory = TestEnvironment.temporaryDirectory()
        defer { TestEnvironment.cleanUp(directory) }
        let store = try PortunusStore(dataDirectory: directory.path)
        _ = try store.declarations.write(
            try [
                declaration("E-1", items: 2, fraud: true), declaration("E-2", importer: "IMP2", fraud: false), declaration("E-3"),
            ].map { StoredDeclaration(declaration: $0) })
        let summary = try store.declarations.summary()
        #expect(summary.declarations == 3)
        #expect(summary.goodsItems == 4)
        #expect(summary.inspected == 2)
        #expect(summary.fraud == 1)
        #expect(summary.importers == 2)
        #expect(summary.valueByCurrency["KRW"]?.description == "4938.24")
        #expect(summary.topChapters.first?.chapter == "84")
    }

    @Test("the summary totals values beyond 64 bits (two items of 922,337,203,685,477) instead of failing")
    func summaryBeyondSixtyFourBits() throws {
        let directory = TestEnvironment.temporaryDirectory()
        defer { TestEnvironment.cleanUp(directory) }
        let store = try PortunusStore(dataDirectory: directory.path)
        // Written past the door, as an older version or another path could have stored them.
        var large = try declaration("BIG-1", items: 2)
        for index in large.items.indices { large.items[index].customsValue = Money(FixedDecimal("922337203685477")!, .usd) }
        _ = try store.declarations.write([StoredDeclaration(declaration: large)])
        let summary = try store.declarations.summary()
        #expect(summary.valueByCurrency["USD"]?.description == "1844674407370954")
    }

    @Test("an import run is recorded from start to finish")
    func importRuns() throws {
        let directory = TestEnvironment.temporaryDirectory()
        defer { TestEnvironment.cleanUp(directory) }
        let store = try PortunusStore(dataDirectory: directory.path)
        let run = try store.declarations.beginImportRun(source: "file.csv", format: "kcs")
        #expect(try store.declarations.summary().unfinishedImportRuns == 1)
        try store.declarations.finishImportRun(run, status: "completed", rowsRead: 3, imported: 2, alreadyPresent: 1, rejected: 0, warned: 0)
        #expect(try store.declarations.summary().unfinishedImportRuns == 0)
        #expect(try store.declarations.summary().importRuns == 1)
    }
}
