import Foundation
import PortunusCore
import PortunusTestSupport
import Testing

@testable import Tariff

/// EU standard VAT rates by date. Rate data: Duty27 (https://duty27.com/vat-rates/history),
/// CC BY 4.0. Changed by us: reformatted as CSV.
@Suite("EU VAT rates by date")
struct VATRateTableTests {
    static let ratesPath = "tariff/eu_vat/eu_vat_standard_rates.csv"
    static let vectorsPath = "tariff/eu_vat/eu_vat_boundary_vectors.csv"

    @Test("the 80 boundary lookups give their expected rates, every one", .enabled(if: TestEnvironment.hasDatasets(ratesPath, vectorsPath)))
    func boundaryVectors() throws {
        let table = try VATRateTable(path: TestEnvironment.dataset(Self.ratesPath).path)
        #expect(table.periods.count == 40 && table.countries.count == 27)
        let reader = try CSVReader(path: TestEnvironment.dataset(Self.vectorsPath).path)
        _ = try reader.readRecord()
        #expect(try (0..<reader.record.count).map { try reader.record.string(at: $0) } == ["country_code", "date", "expected_standard_rate_pct"])
        var checked = 0
        while try reader.readRecord() {
            let country = try reader.record.string(at: 0)
            let day = try #require(CalendarDay(try reader.record.string(at: 1)))
            let expected = try #require(ExactDecimal(try reader.record.string(at: 2)))
            #expect(table.rate(country: country, on: day) == expected, "\(country) \(day)")
            checked += 1
        }
        #expect(checked == 80)
        // Greece by its ISO code too; nothing before the table starts.
        let day = try #require(CalendarDay("2016-06-01"))
        #expect(table.rate(country: "GR", on: day) == 24 && table.rate(country: "EL", on: day) == 24)
        #expect(table.rate(country: "DE", on: try #require(CalendarDay("2015-12-31"))) == nil)
        #expect(table.rate(country: "GB", on: day) == nil)
    }

    @Test("the table's own layout: periods, open ends, a day as its UTC day")
    func layout() throws {
        let csv = """
            country_code,iso_3166_alpha2,country_name,effective_from,effective_to,standard_rate_pct
            FI,FI,Finland,2016-01-01,2024-08-31,24
            FI,FI,Finland,2024-09-01,,25.5

            """
        let table = try VATRateTable(csv: Array(csv.utf8))
        #expect(table.rate(country: "fi", on: try #require(CalendarDay("2024-08-31"))) == 24)
        #expect(table.rate(country: "FI", on: try #require(CalendarDay("2024-09-01"))) == ExactDecimal("25.5"))
        #expect(table.rate(country: "FI", on: CalendarDay(ISO8601.parse("2030-01-01T23:59:59Z")!)) == ExactDecimal("25.5"))
        #expect(CalendarDay("2024-02-29")?.description == "2024-02-29" && CalendarDay("2023-02-29") == nil && CalendarDay("2024-2-29") == nil)
    }

    @Test(
        "a table that cannot be trusted is refused whole, with the line and column",
        arguments: [
            ("country_code,country_name,effective_from,effective_to,standard_rate_pct\n", 1, "iso_3166_alpha2"),
            ("\(VATRateTableTests.header)\nD,DE,Germany,2016-01-01,,19\n", 2, "country_code"),
            ("\(VATRateTableTests.header)\nDE,DX,Germany,2016-01-01,,19\n", 2, "iso_3166_alpha2"),
            ("\(VATRateTableTests.header)\nDE,DE,Germany,2016-13-01,,19\n", 2, "effective_from"),
            ("\(VATRateTableTests.header)\nDE,DE,Germany,2016-01-01,2015-12-31,19\n", 2, "effective_to"),
            ("\(VATRateTableTests.header)\nDE,DE,Germany,2016-01-01,,19%\n", 2, "standard_rate_pct"),
            ("\(VATRateTableTests.header)\nDE,DE,Germany,2016-01-01,,190\n", 2, "standard_rate_pct"),
            ("\(VATRateTableTests.header)\nDE,DE,Germany,2016-01-01,2020-06-30,19\nDE,DE,Germany,2020-06-30,,16\n", 3, "effective_from"),
            ("\(VATRateTableTests.header)\nDE,DE,Germany,2016-01-01,,19\nDE,DE,Germany,2020-07-01,2020-12-31,16\n", 3, "effective_from"),
        ])
    func refusals(_ csv: String, _ line: Int, _ column: String) {
        do {
            _ = try VATRateTable(csv: Array(csv.utf8))
            Issue.record("accepted")
        } catch {
            #expect(error.code == .invalidVATRates && error.location?.line == line && error.location?.columnName == column, "\(error)")
        }
    }

    static let header = "country_code,iso_3166_alpha2,country_name,effective_from,effective_to,standard_rate_pct"
}
