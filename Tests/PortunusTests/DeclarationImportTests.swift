import Foundation
import PortunusTestSupport
import Testing

@testable import Portunus
@testable import PortunusCore
@testable import Storage

@Suite("Declaration import", .offPool)
struct DeclarationImportTests {
    @Test("planted bad rows are rejected with line, column and reason; good rows land")
    func plantedBadRows() throws {
        let directory = TestEnvironment.temporaryDirectory()
        defer { TestEnvironment.cleanUp(directory) }
        let file = try ImportFixtures.write(ImportFixtures.plantedBadRows, named: "bad.csv", in: directory)
        let store = try PortunusStore(dataDirectory: directory.appendingPathComponent("data").path)
        let summary = try DeclarationImport(store: store).run(.init(path: file.path, mapping: .kcs))

        #expect(summary.rowsRead == 10)
        #expect(summary.imported == 3)
        #expect(summary.rejectedDeclarations == 7)
        #expect(summary.rejectedRows == 7)
        #expect(summary.warned == 1)
        #expect(summary.warningsByCode == ["net_mass.zero": 1, "customs_value.zero": 1])
        #expect(try store.declarations.count() == 3)
        let critical = try #require(try store.declarations.declaration(id: DeclarationID("10000007")))
        #expect(critical.outcome == InspectionOutcome(result: .irregularity, fraud: true, critical: true))
        #expect(critical.items[0].customsValue == Money(FixedDecimal("372254.4")!, .krw))

        let rejectsPath = try #require(summary.rejectsPath)
        #expect(rejectsPath == file.path + ".rejects.csv")
        let rejects = try ImportFixtures.rejects(at: URL(fileURLWithPath: rejectsPath))
        let byLine = Dictionary(grouping: rejects, by: { $0["line"]! })
        func check(_ line: Int, _ code: String, column: String, columnName: String, field: String) {
            let row = byLine[String(line)]?.first
            #expect(row?["code"] == code, "line \(line)")
            #expect(row?["column"] == column, "line \(line)")
            #expect(row?["column_name"] == columnName, "line \(line)")
            #expect(row?["field"] == field, "line \(line)")
            #expect((row?["reason"] ?? "").isEmpty == false, "line \(line)")
            #expect((row?["raw_record"] ?? "").isEmpty == false, "line \(line): the raw row is kept")
        }
        check(3, "hs_code.invalid", column: "13", columnName: "HS6 Code", field: "/items/0/hs_code")
        check(4, "country.unknown", column: "15", columnName: "Country of Origin", field: "/items/0/country_of_origin")
        check(5, "net_mass.negative", column: "19", columnName: "Net Mass", field: "/items/0/net_mass")
        check(6, "id.missing", column: "1", columnName: "Declaration ID", field: "/id")
        check(7, "csv.unterminated_quote", column: "9", columnName: "", field: "")
        check(10, "date.invalid", column: "2", columnName: "Date", field: "/lodged_at")
        check(11, "csv.field_count", column: "", columnName: "", field: "")
        #expect(rejects.count == 7)
        #expect(byLine["7"]?.first?["raw_record"]?.contains("10000006") == true)
    }

    @Test("a second run of the same file adds nothing and reports everything as already present")
    func idempotent() throws {
        let directory = TestEnvironment.temporaryDirectory()
        defer { TestEnvironment.cleanUp(directory) }
        let rows = [ImportFixtures.kcsHeader] + (1...50).map { ImportFixtures.kcsRow(id: String(20_000_000 + $0)) }
        let file = try ImportFixtures.write(rows.joined(separator: "\n"), named: "ok.csv", in: directory)
        let store = try PortunusStore(dataDirectory: directory.path)
        let importer = DeclarationImport(store: store)
        let first = try importer.run(.init(path: file.path, mapping: .kcs, batchSize: 7))
        let second = try importer.run(.init(path: file.path, mapping: .kcs, batchSize: 7))
        #expect((first.imported, first.alreadyPresent) == (50, 0))
        #expect((second.imported, second.alreadyPresent, second.rejectedDeclarations) == (0, 50, 0))
        #expect(second.rejectsPath == nil)
        #expect(try store.declarations.count() == 50)
    }

    @Test("an id reused for different content is rejected as a conflict, not overwritten")
    func conflict() throws {
        let directory = TestEnvironment.temporaryDirectory()
        defer { TestEnvironment.cleanUp(directory) }
        let store = try PortunusStore(dataDirectory: directory.path)
        let original = try ImportFixtures.write(
            [ImportFixtures.kcsHeader, ImportFixtures.kcsRow(id: "30000001")].joined(separator: "\n"), named: "a.csv", in: directory)
        let changed = try ImportFixtures.write(
            [ImportFixtures.kcsHeader, ImportFixtures.kcsRow(id: "30000001", mass: "999")].joined(separator: "\n"), named: "b.csv", in: directory)
        _ = try DeclarationImport(store: store).run(.init(path: original.path, mapping: .kcs))
        let summary = try DeclarationImport(store: store).run(.init(path: changed.path, mapping: .kcs))
        #expect(summary.rejectedDeclarations == 1)
        #expect(summary.rejectionsByCode == ["id.conflict": 1])
        #expect(try store.declarations.declaration(id: DeclarationID("30000001"))?.items[0].netMass == FixedDecimal("108"))
    }

    @Test("a header without the layout's columns fails before anything is written")
    func missingColumns() throws {
        let directory = TestEnvironment.temporaryDirectory()
        defer { TestEnvironment.cleanUp(directory) }
        let file = try ImportFixtures.write("id,date\n1,2020-01-01\n", named: "x.csv", in: directory)
        let store = try PortunusStore(dataDirectory: directory.path)
        #expect(throws: PortunusError(.missingColumn, "", field: "/id", location: .init(line: 1))) {
            try DeclarationImport(store: store).run(.init(path: file.path, mapping: .kcs))
        }
        #expect(try store.declarations.count() == 0)
    }

    @Test("a JSON mapping reads another layout: semicolons, multi-item declarations, constants and flags")
    func customMapping() throws {
        let directory = TestEnvironment.temporaryDirectory()
        defer { TestEnvironment.cleanUp(directory) }
        let mappingJSON = """
            {"name": "broker", "delimiter": ";",
             "columns": {"id": "DeclNo", "lodgedAt": "Accepted", "office": "Office", "declarant": "Broker", "importer": "Consignee",
                         "itemSequence": "Item", "hsCode": "Commodity", "countryOfOrigin": "Origin", "countryOfDeparture": "Dispatch",
                         "netMass": "NetKg", "customsValue": "Value", "currency": "Cur", "dutyRate": "Duty", "taxType": "Pref",
                         "fraud": "Hit"},
             "constants": {"processType": "B", "importType": "11", "importUse": "21", "paymentType": "11", "modeOfTransport": "30"},
             "flags": {"fraud": {"true": ["Y"], "false": ["N"]}}}
            """
        let mappingFile = try ImportFixtures.write(mappingJSON, named: "broker.json", in: directory)
        let csv = """
            DeclNo;Accepted;Office;Broker;Consignee;Item;Commodity;Origin;Dispatch;NetKg;Value;Cur;Duty;Pref;Hit
            EU-1;2024-05-02T10:15:00+02:00;DE001;B1;C1;1;8471.30.00;CN;CN;12,5;1000;EUR;0;A;N
            EU-1;2024-05-02T10:15:00+02:00;DE001;B1;C1;2;6109.10;BD;BD;40;800;EUR;12;A;N
            EU-2;2024-05-03;DE001;B1;C2;1;220421;FR;FR;100;450.5;EUR;0;EU;Y
            """.replacingOccurrences(of: "12,5", with: "12.5")
        let file = try ImportFixtures.write(csv, named: "broker.csv", in: directory)
        let mapping = try ColumnMapping.load(path: mappingFile.path)
        let store = try PortunusStore(dataDirectory: directory.path)
        let summary = try DeclarationImport(store: store).run(.init(path: file.path, mapping: mapping))
        #expect(summary.imported == 2)
        #expect(summary.itemsImported == 3)
        let multi = try #require(try store.declarations.declaration(id: DeclarationID("EU-1")))
        #expect(multi.items.map(\.hsCode.digits) == ["84713000", "610910"])
        #expect(multi.lodgedAt == ISO8601.parse("2024-05-02T08:15:00Z"))
        #expect(multi.outcome?.fraud == false)
        #expect(try store.declarations.declaration(id: DeclarationID("EU-2"))?.outcome?.fraud == true)
    }

    @Test(
        "mapping files are checked: unknown keys and fields, missing required fields, bad delimiters",
        arguments: [
            (#"{"columns": {"id": "x"}, "colums": {}}"#, "/colums"),
            (#"{"columns": {"hscode": "x"}}"#, "/columns/hscode"),
            (#"{"columns": {"id": "x"}}"#, "/columns/lodgedAt"),
            (#"{"columns": {"id": "x"}, "delimiter": "\""}"#, "/delimiter"),
            (#"[1, 2]"#, ""),
        ])
    func mappingErrors(json: String, pointer: String) {
        #expect(throws: PortunusError(.invalidMapping, "", field: pointer)) {
            try ColumnMapping.parse(json: Data(json.utf8))
        }
    }

    @Test("field ordinals follow the declared order")
    func fieldOrdinals() {
        for (index, field) in ColumnMapping.Field.allCases.enumerated() { #expect(field.ordinal == index) }
    }
}
