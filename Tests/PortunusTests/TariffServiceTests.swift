import Foundation
import PortunusTestSupport
import Tariff
import Testing

@testable import Portunus
@testable import PortunusCore
@testable import Storage

@Suite("The Harmonized System in the store", .serialized, .offPool)
struct TariffServiceTests {
    static let files = [
        "hs/nomenclature-hs2012-unsd.csv", "hs/nomenclature-hs2017-unsd.csv", "hs/nomenclature-hs2022-unsd.csv",
        "hs/correlation-hs2022-hs2017.csv", "hs/correlation-hs2017-hs2012.csv", "hs/correlation-hs2022-hs2012.csv",
    ]

    static func imported() throws -> (TariffService, URL) {
        let directory = TestEnvironment.temporaryDirectory("portunus-tariff")
        let service = TariffService(store: try PortunusStore(dataDirectory: directory.path))
        for (file, edition) in zip(files.prefix(3), [HSEdition.hs2012, .hs2017, .hs2022]) {
            let report = try service.importFile(path: TestEnvironment.dataset(file).path, edition: edition, by: "test")
            #expect(report.problems.isEmpty)
        }
        for file in files.dropFirst(3) {
            #expect(try service.importFile(path: TestEnvironment.dataset(file).path, edition: nil, by: "test").problems.isEmpty)
        }
        return (service, directory)
    }

    @Test(
        "the three editions import whole; lookup, browsing and full-text search (HS 2022's drones are in 88.06)",
        .enabled(if: TestEnvironment.hasDatasets(files[0], files[1], files[2], files[3], files[4], files[5])))
    func editions() throws {
        let (service, directory) = try Self.imported()
        defer { TestEnvironment.cleanUp(directory) }
        #expect(try service.store.tariff.hsCounts(edition: 2022) == [2: 97, 4: 1_229, 6: 5_613])
        #expect(try service.store.tariff.hsCounts(edition: 2017) == [2: 97, 4: 1_223, 6: 5_388])
        #expect(try service.store.tariff.hsCounts(edition: 2012) == [2: 97, 4: 1_225, 6: 5_206])
        #expect(try service.lookup("8806", edition: .hs2022)?.description == "Unmanned aircraft")
        #expect(try service.lookup("8806", edition: .hs2017) == nil, "drones got their heading in HS 2022")

        let browse = try service.browse("880621", edition: .hs2022)
        #expect(browse.ancestors.map(\.code) == ["88", "8806"] && browse.code?.section == "XVII" && browse.children.isEmpty)
        #expect(try service.browse(nil, edition: .hs2022).children.count == 97)

        let drones = try service.search("unmanned aircraft", edition: .hs2022, level: 6)
        #expect(drones.first?.code.hasPrefix("8806") == true && drones.allSatisfy { $0.code.hasPrefix("88") }, "\(drones.map(\.code))")
        #expect(try service.search("horse", edition: .hs2022, level: 4).first?.code == "0101", "stemmed: horse finds Horses")
        #expect(try service.search("unmanned aircraft", edition: .hs2017, level: 6).isEmpty)
    }

    @Test(
        "correlation between editions: 1:1, n:1, 1:n and n:n, both ways, and 2012 → 2022 directly",
        .enabled(if: TestEnvironment.hasDatasets(files[0], files[1], files[2], files[3], files[4], files[5])))
    func correlation() throws {
        let (service, directory) = try Self.imported()
        defer { TestEnvironment.cleanUp(directory) }
        func links(_ code: String, _ from: HSEdition, _ to: HSEdition) throws -> [String] {
            try service.correlate(code, from: from, to: to).map { "\($0.to) \($0.relationship)" }
        }
        #expect(try links("010121", .hs2017, .hs2022) == ["010121 1:1"])
        #expect(try links("020890", .hs2022, .hs2017) == ["020890 n:1"], "several HS 2022 codes merged into one HS 2017 code")
        #expect(try links("020890", .hs2017, .hs2022) == ["020890 1:n", "041010 n:n"], "read backwards, n:1 is 1:n")
        #expect(try links("040320", .hs2022, .hs2017) == ["040310 1:n", "190190 n:n"], "yogurt split out of 04.03 and 19.01")
        #expect(try links("040310", .hs2017, .hs2022).contains("040320 n:1"), "the HS 2017 yogurt code went into 0403.20")
        #expect(try !links("040310", .hs2017, .hs2012).isEmpty && !links("040310", .hs2012, .hs2022).isEmpty)
    }

    @Test(
        "declarations' codes against the edition in force at their date: current, outdated (with its correlated codes), unknown (chapter 77 is reserved)",
        .enabled(if: TestEnvironment.hasDatasets(files[0], files[1], files[2], files[3], files[4], files[5])))
    func declarations() throws {
        let (service, directory) = try Self.imported()
        defer { TestEnvironment.cleanUp(directory) }
        func declaration(_ codes: [String], lodged: String) throws -> Declaration {
            let items = try codes.enumerated().map { index, code in
                GoodsItem(
                    sequence: index + 1, hsCode: try HSCode(code), countryOfOrigin: try Country("CN"), countryOfDeparture: try Country("CN"),
                    originMarking: nil, netMass: FixedDecimal(1), customsValue: Money(FixedDecimal(10), try Currency("USD")),
                    dutyRate: FixedDecimal(0), taxType: "A")
            }
            return Declaration(
                id: try DeclarationID("T-HS"), lodgedAt: ISO8601.parse(lodged)!, office: "30",
                procedure: Declaration.Procedure(processType: "B", importType: "11", importUse: "21", paymentType: "11", modeOfTransport: "10"),
                parties: Declaration.Parties(declarant: "D", importer: "I", seller: "S"), items: items)
        }
        #expect(try service.warnings(for: declaration(["8806210000", "040320"], lodged: "2023-05-01T00:00:00Z")).isEmpty)
        let outdated = try service.warnings(for: declaration(["847130", "040310"], lodged: "2023-05-01T00:00:00Z"))
        #expect(outdated.count == 1 && outdated[0].code == .outdatedHSCode && outdated[0].field == "/items/1/hs_code")
        #expect(outdated[0].reason.contains("HS2017") && outdated[0].reason.contains("040320"))
        #expect(try service.warnings(for: declaration(["040310"], lodged: "2021-05-01T00:00:00Z")).isEmpty, "in force in 2021")
        let unknown = try service.warnings(for: declaration(["770000"], lodged: "2023-05-01T00:00:00Z"))
        #expect(unknown.map(\.code) == [.unknownHSCode])

        // The history, converted to HS 2022 for statistics: a 2021 yogurt (HS 2017 0403.10)
        // converts to 0403.20; 2021's 0208.90 is ambiguous (0208.90 or 0410.10); 2023's codes stay.
        var stored: [StoredDeclaration] = []
        for (index, (codes, lodged)) in [
            (["040310", "020890"], "2021-05-01T00:00:00Z"), (["847130", "770000"], "2023-05-01T00:00:00Z"),
            (["847130"], "2010-05-01T00:00:00Z"),
        ].enumerated() {
            var declaration = try declaration(codes, lodged: lodged)
            declaration.id = try DeclarationID("H-\(index)")
            stored.append(StoredDeclaration(declaration: declaration))
        }
        _ = try service.store.declarations.write(stored)
        let history = try service.convertHistory(to: .hs2022, from: nil, until: nil, by: Principal(keyID: "test", role: .analyst))
        #expect((history.items, history.unchanged, history.converted, history.ambiguous, history.unknown, history.beforeHS2012) == (5, 1, 1, 1, 1, 1))
        let ambiguous = try #require(history.codes.first { $0.status == "ambiguous" })
        #expect(ambiguous.code == "020890" && ambiguous.edition == 2017 && Set(ambiguous.candidates.map(\.to)) == ["020890", "041010"])
        #expect(history.codes.first { $0.code == "040310" }?.target == "040320")
        #expect(throws: PortunusError.self) {
            try service.convertHistory(to: .hs2022, from: nil, until: nil, by: Principal(keyID: "o", role: .officer))
        }
    }
}
