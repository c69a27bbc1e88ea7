import Foundation
import PortunusTestSupport
import Testing

@Suite("portunus tariff", .offPool)
struct TariffCommandTests {
    @Test(
        "import an edition and a correlation table, show, search and correlate; a bad edition exits 2 and a code without links exits 1",
        .enabled(
            if: TestEnvironment.hasDatasets("hs/nomenclature-hs2017-unsd.csv", "hs/nomenclature-hs2022-unsd.csv", "hs/correlation-hs2022-hs2017.csv"))
    )
    func tariff() throws {
        let directory = TestEnvironment.temporaryDirectory("tariff-cli")
        defer { TestEnvironment.cleanUp(directory) }
        let data = ["--data-dir", directory.path]
        let imported = try runPortunus(
            ["tariff", "import", "--edition", "2022", TestEnvironment.dataset("hs/nomenclature-hs2022-unsd.csv").path] + data)
        #expect(imported.status == 0 && imported.stdout.contains("nomenclature HS2022, 6939 rows"), "\(imported.stderr)")
        #expect(
            try runPortunus(
                [
                    "tariff", "import", "--edition", "2017", TestEnvironment.dataset("hs/nomenclature-hs2017-unsd.csv").path,
                    TestEnvironment.dataset("hs/correlation-hs2022-hs2017.csv").path,
                ] + data
            ).status == 0)
        let show = try runPortunus(["tariff", "show", "8806"] + data)
        #expect(show.status == 0 && show.stdout.contains("8806  Unmanned aircraft  [section XVII]") && show.stdout.contains("  880621  "))
        let search = try runPortunus(["tariff", "search", "additive manufacturing", "--level", "4", "--json"] + data)
        #expect(search.status == 0 && search.stdout.contains(#""code":"8485""#))
        let correlate = try runPortunus(["tariff", "correlate", "040310", "--from", "2017", "--to", "2022"] + data)
        #expect(correlate.status == 0 && correlate.stdout.contains("040310 → 040320  n:1"))
        #expect(
            try runPortunus(["tariff", "correlate", "040310", "--from", "2017", "--to", "2012"] + data).status == 1, "no HS 2012 tables imported")
        #expect(try runPortunus(["tariff", "show", "--edition", "1996"] + data).status == 2)
    }
}
