import Foundation
import GRDB
import PortunusTestSupport
import Testing

@testable import Portunus
@testable import PortunusCore
@testable import Storage

/// The public *Customs Import Declaration Datasets* (KCS, 2022) must import whole.
@Suite("KCS data set import", .serialized, .offPool)
struct KCSDatasetTests {
    static let files = [
        ("customs-declarations/df_syn_train_eng.csv", 37_385),
        ("customs-declarations/df_syn_valid_eng.csv", 8_134),
        ("customs-declarations/df_syn_test_eng.csv", 8_481),
    ]

    @Test(
        "the three files land 37,385 + 8,134 + 8,481 declarations; a second import adds none",
        .enabled(
            if: TestEnvironment.hasDatasets(
                "customs-declarations/df_syn_train_eng.csv", "customs-declarations/df_syn_valid_eng.csv", "customs-declarations/df_syn_test_eng.csv"))
    )
    func importsWhole() throws {
        let directory = TestEnvironment.temporaryDirectory()
        defer { TestEnvironment.cleanUp(directory) }
        let store = try PortunusStore(dataDirectory: directory.path)
        let importer = DeclarationImport(store: store)
        var total = 0
        for (file, expected) in KCSDatasetTests.files {
            let summary = try importer.run(
                .init(path: TestEnvironment.dataset(file).path, mapping: .kcs, rejectsPath: directory.appendingPathComponent("r.csv").path))
            #expect(summary.imported == expected, "\(file)")
            #expect(summary.rowsRead == expected)
            #expect(summary.rejectedDeclarations == 0)
            #expect(summary.rejectsPath == nil)
            total += expected
        }
        #expect(try store.declarations.count() == total)

        let again = try importer.run(
            .init(
                path: TestEnvironment.dataset(KCSDatasetTests.files[0].0).path, mapping: .kcs,
                rejectsPath: directory.appendingPathComponent("r.csv").path))
        #expect(again.imported == 0)
        #expect(again.alreadyPresent == 37_385)
        #expect(again.line.hasPrefix("imported 0, already present 37385, rejected 0"))

        // The labels arrive intact: SOURCE.md counts 11,653 fraud and 545 critical rows in all.
        let summary = try store.declarations.summary()
        #expect(summary.inspected == 54_000)
        #expect(summary.fraud == 11_653)
        #expect(summary.critical == 545)
        #expect(summary.warnings > 0)  // zero masses and values are real in these files
        let first = try #require(try store.declarations.declaration(id: DeclarationID("97061800")))
        #expect(first.items[0].hsCode.digits == "440890")
        #expect(first.items[0].customsValue == Money(FixedDecimal("372254.4")!, .krw))
        #expect(first.parties.carrier == nil)
        #expect(first.office == "30")
    }

    @Test(
        "the older HS10 files import whole too, their lost leading zeros restored",
        .enabled(if: TestEnvironment.hasDatasets("customs-declarations/hs10-version-2022-06-03/df_syn_valid_eng.csv")))
    func hs10() throws {
        let directory = TestEnvironment.temporaryDirectory()
        defer { TestEnvironment.cleanUp(directory) }
        let store = try PortunusStore(dataDirectory: directory.path)
        let summary = try DeclarationImport(store: store).run(
            .init(
                path: TestEnvironment.dataset("customs-declarations/hs10-version-2022-06-03/df_syn_valid_eng.csv").path, mapping: .kcs,
                rejectsPath: directory.appendingPathComponent("r.csv").path))
        #expect(summary.imported == 8_134)
        #expect(summary.rejectedDeclarations == 0)
        let codes = try store.database.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT length(hs_code) FROM goods_item") }
        #expect(codes == ["10"])
    }
}
