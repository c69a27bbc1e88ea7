import Foundation
import PortunusCore
import PortunusTestSupport
import Testing

@testable import Tariff

/// The readers that turn tariff files into national-tariff measures, on the real files:
/// US tariff data: U.S. International Trade Commission, Harmonized Tariff Schedule of the United
/// States (2026) Revision 10 (public domain). Contains public sector information licensed under
/// the Open Government Licence v3.0 (UK Trade Tariff, HMRC).
@Suite("National tariff readers", .offPool)
struct NationalTariffReaderTests {
    static let htsPath = "tariff/us_hts/hts_2026_rev_10.json"
    static let snapshotsPath = "tariff/uk_tariff/api_v2_snapshots"
    static let vatPath = "tariff/eu_vat/eu_vat_standard_rates.csv"
    static let gbp = Currency(unchecked: "GBP")

    static func day(_ text: String) throws -> CalendarDay { try #require(CalendarDay(text)) }
    static func money(_ text: String) -> FixedDecimal { FixedDecimal(text)! }

    static func counts(_ file: NationalTariffFile) -> [TariffMeasure.Kind: Int] {
        var counts: [TariffMeasure.Kind: Int] = [:]
        for measure in file.measures { counts[measure.kind, default: 0] += 1 }
        return counts
    }

    static func report(_ file: NationalTariffFile) {
        print(
            "\(file.source): \(file.lines.count) lines, \(file.measures.count) measures \(counts(file).sorted { $0.key.rawValue < $1.key.rawValue })")
        for skip in file.skipped { print("  skipped \(skip)") }
    }

    // MARK: US HTS

    @Test(
        "HTS 2026 rev. 10: 26,118 lines, 22,829 third-country and 116,133 preferential measures, and every skip counted",
        .enabled(if: TestEnvironment.hasDatasets(htsPath)))
    func htsSchedule() throws {
        let reader = HTSScheduleReader(revision: "2026 Rev. 10", effective: try Self.day("2026-06-08"))
        let clock = ContinuousClock()
        var file: NationalTariffFile?
        let elapsed = try clock.measure { file = try reader.read(path: TestEnvironment.dataset(Self.htsPath).path) }
        let hts = try #require(file)
        print("HTS read in \(elapsed)")
        Self.report(hts)
        #expect(hts.source == "US HTS 2026 Rev. 10" && hts.currency == .usd)
        // SOURCE.md: 26,118 coded rows in chapters 01 to 97; 11,414 general and 11,415 column 2 rates there.
        #expect(hts.lines.count == 26_118)
        #expect(Self.counts(hts) == [.thirdCountry: 22_829, .preferential: 116_133])
        typealias Reason = HTSScheduleReader.SkipReason
        #expect(hts.skippedCount(Reason.chapter98) == 503 && hts.skippedCount(Reason.chapter99) == 2_976)
        #expect(hts.skippedCount(Reason.chapter99Footnote) == 10_563)
        #expect(hts.skippedCount(Reason.specialReference) == 766)
        #expect(hts.skippedCount(Reason.specialWithoutProgramme) == 1)  // 0406.90.94.00's "(PA (PA)"
        #expect(hts.skippedCount(Reason.programmeTwice) == 1)  // 2908.91.00.00 lists L twice
        #expect(hts.skippedCount(Reason.unreadableRate) == 0)
        #expect(hts.skipped.count == 6)
        #expect(Set(hts.measures.map(\.id)).count == hts.measures.count)

        let line = try #require(hts.lines.first { $0.code == "2402103030" })
        #expect(line.units == ["thousands", "kg"] && line.description.hasPrefix("Small cigars"))
        let general = try #require(hts.measures.first { $0.id == "hts:0201.10.05:general" })
        #expect(general.code == "02011005" && general.expressionText == "4.4¢/kg" && general.notation == .hts)
        #expect(general.origins == .any && general.excluded == ["BY", "CU", "KP", "RU"])
        #expect(general.from == CalendarDay("2026-06-08") && general.through == nil)
        #expect(general.legalBasis == "HTSUS 2026 Rev. 10, 0201.10.05, column 1 general")
        let column2 = try #require(hts.measures.first { $0.id == "hts:0201.10.05:other" })
        #expect(column2.expressionText == "13.2¢/kg" && column2.origins == .only(["BY", "CU", "KP", "RU"]))
        let usmca = try #require(hts.measures.first { $0.id == "hts:0201.10.05:special:S" })
        #expect(usmca.origins == .only(["CA", "MX"]) && usmca.agreement == "S" && usmca.expressionText == "Free")
        #expect(try #require(hts.measures.first { $0.id == "hts:0201.10.05:special:A+" }).origins == .any)
        #expect(!hts.measures.contains { $0.id == "hts:0201.10.50:special:AU" })  // "See 9822.04.01-9822.04.03 (AU)"

        // SOURCE.md's hand-checked lines through the calculator, on the revision's first day.
        let calculator = DutyCalculator(tariff: hts.tariff, exchangeRates: try ExchangeRateTable(currency: .usd, periods: []))
        func item(
            _ sequence: Int, _ code: String, _ origin: String, _ value: ExactDecimal, kilograms: ExactDecimal? = nil, claim: PreferenceClaim? = nil
        )
            -> DutyItem
        {
            DutyItem(
                sequence: sequence, code: code, origin: origin, customsValue: value, currency: .usd,
                quantities: kilograms.map { [(.kilogram, $0)] } ?? [], preference: claim)
        }
        let result = try calculator.calculate(
            [
                item(1, "2402103030", "DE", 1000, kilograms: 10),  // $1.89/kg + 4.7%: 18.90 + 47.00
                item(2, "0201100510", "AR", 500, kilograms: 100),  // 4.4¢/kg: 4.40
                item(3, "6109100004", "CN", 1000),  // 16.5%
                item(4, "6109100004", "CU", 1000),  // column 2: 90%
                item(5, "6109100004", "AU", 1000, claim: .init(agreement: "AU", proof: "AUSFTA certification 7")),  // Free (AU)
                item(6, "6109100004", "MX", 1000, claim: .init(agreement: "AU", proof: "AUSFTA certification 8")),  // not an AU origin
            ], on: try Self.day("2026-06-08"))
        #expect(
            result.lines.map(\.measure) == [
                "hts:2402.10.30:general", "hts:0201.10.05:general", "hts:6109.10.00:general", "hts:6109.10.00:other", "hts:6109.10.00:special:AU",
                "hts:6109.10.00:general",
            ])
        #expect(result.lines.map(\.amount.amount) == ["65.90", "4.40", "165.00", "900.00", "0.00", "165.00"].map(Self.money))
        #expect(result.total.amount == Self.money("1300.30"))
        #expect(result.lines[5].note?.contains("not granted") == true)
        // The day before the revision took effect, it has no measures.
        #expect(throws: PortunusError.self) {
            try calculator.calculate([item(1, "2402103030", "DE", 1000, kilograms: 10)], on: try Self.day("2026-06-07"))
        }
    }

    // MARK: UK Trade Tariff

    static func ukReader(_ service: UKCommodityReader.Service) -> UKCommodityReader { UKCommodityReader(service: service) }

    static func response(_ service: String, _ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: TestEnvironment.dataset("\(snapshotsPath)/\(service)/\(name).json")))
    }

    @Test(
        "UK Trade Tariff: the 26 uk and 14 xi responses merge into lines and measures, and every measure left out is counted by type",
        .enabled(if: TestEnvironment.hasDatasets(snapshotsPath + "/uk/0201100021-2021-02-09.json")))
    func ukSnapshots() throws {
        let uk = try Self.ukReader(.uk).read(directory: TestEnvironment.dataset(Self.snapshotsPath + "/uk").path)
        let xi = try Self.ukReader(.xi).read(directory: TestEnvironment.dataset(Self.snapshotsPath + "/xi").path)
        Self.report(uk)
        Self.report(xi)
        #expect(uk.currency == Self.gbp && xi.currency == .eur)
        #expect(uk.lines.count == 14 && xi.lines.count == 14)
        #expect(Set(uk.measures.map(\.id)).count == uk.measures.count && Set(xi.measures.map(\.id)).count == xi.measures.count)
        #expect(uk.measures.allSatisfy { $0.id.hasPrefix("uk:") } && xi.measures.allSatisfy { $0.id.hasPrefix("xi:") })
        for measure in uk.measures + xi.measures {
            #expect(try DutyExpression(ukDutyExpression: measure.expressionText) == measure.expression, "\(measure.id)")
        }
        // Counted independently from the raw records: measures of the mapped types that state a
        // duty (or a document condition's) and whose area names an ISO country — 1,027
        // preferences and 15 VAT measures in uk, 559 preferences in xi — each once per
        // commodity it was met under: 76 uk preferences and one VAT measure are on two
        // commodities (heading 1704 90's, chapter 22's), 35 xi preferences too.
        #expect(Self.counts(uk) == [.thirdCountry: 23, .preferential: 1_027 + 76, .antiDumping: 126, .vat: 15 + 1, .excise: 12, .additional: 2])
        #expect(Self.counts(xi) == [.thirdCountry: 12, .preferential: 559 + 35, .antiDumping: 126, .vat: 16, .excise: 14, .additional: 1])
        #expect(uk.skippedCount("measure type 143 (Preferential tariff quota): quotas are not applied") == 47)
        #expect(uk.skippedCount("measure type 106 (Customs Union Duty): the customs union duty is not applied yet") == 21)
        #expect(uk.skippedCount("measure type 306 (Excises): its duty depends on a price or quantity Portunus is not given (condition E)") == 2)
        #expect(uk.skippedCount("measure whose geographical area names no ISO 3166-1 alpha-2 country (2080)") == 11)
        #expect(xi.skippedCount("measure type 490 (Standard import value): entry prices are not applied") == 4)
        // A measure defined above two of the commodities stays on each (standard VAT on heading 1704 90).
        #expect(uk.measures.filter { $0.id.hasPrefix("uk:-1010373404:") }.map(\.code) == ["1704903000", "1704907100"])
        // Supplementary units become the lines' units.
        #expect(uk.lines.first { $0.code == "2402100000" }?.units == ["1000 p/st"])
        // Northern Ireland's national excise and VAT types carry the UK service's additional codes.
        let beer = xi.measures.filter { $0.code == "2203001000" && $0.kind == .excise }.compactMap(\.additionalCode)
        #expect(beer.sorted() == ["X431", "X440", "X441", "X442", "X443", "X444", "X445", "X446", "X447", "X473"])
        #expect(xi.measures.first { $0.id == "xi:-592995" }?.additionalCode == "VATZ")
    }

    @Test(
        "bison as of 2021-02-09: the UK Global Tariff's 12.00 % + 147.00 GBP / 100 kg, and zero-rate VAT only under VATZ",
        .enabled(if: TestEnvironment.hasDatasets(snapshotsPath + "/uk/0201100021-2021-02-09.json")))
    func bison() throws {
        let file = try Self.ukReader(.uk).read(json: try Self.response("uk", "0201100021-2021-02-09"))
        #expect(
            file.source == "UK Trade Tariff (uk), commodity 0201100021" && file.lines == [TariffLine(code: "0201100021", description: "Of bison")])
        let day = try Self.day("2021-02-09")
        let duty = try #require(file.tariff.measures(.thirdCountry, code: "0201100021", origin: "US", on: day).first)
        #expect(duty.id == "uk:20000065" && duty.expressionText == "12.00 % + 147.00 GBP / 100 kg" && duty.notation == .uk)
        #expect(duty.origins == .any && duty.from == CalendarDay("2021-01-01") && duty.through == nil)
        #expect(duty.legalBasis == "UK Trade Tariff measure type 103 (Third country duty), legal act C2100001")
        let japan = try #require(file.measures.first { $0.kind == .preferential && $0.agreement == "JP" })
        #expect(japan.origins == .only(["JP"]) && japan.expressionText == "0.00 %")
        // The EU group's members, without the "EU" the Tariff lists among them.
        let union = try #require(file.measures.first { $0.kind == .preferential && $0.agreement == "1013" })
        guard case .only(let members) = union.origins else {
            Issue.record("area 1013 is its members")
            return
        }
        #expect(members.count == 27 && members.contains("DE") && !members.contains("EU"))

        let calculator = DutyCalculator(tariff: file.tariff, exchangeRates: try ExchangeRateTable(currency: Self.gbp, periods: []))
        func item(_ codes: [String]) -> DutyItem {
            DutyItem(
                sequence: 1, code: "0201100021", origin: "US", customsValue: 5000, currency: Self.gbp, quantities: [(.kilogram, 1000)],
                additionalCodes: codes)
        }
        // VAT on bison is only the zero rate under VATZ: without the code, a refusal naming it.
        let error = #expect(throws: PortunusError.self) { try calculator.calculate([item([])], on: day) }
        #expect(error?.code == .missingDutyInput && error?.reason.contains("VATZ") == true)
        // 12 % of £5,000 = 600.00, plus 147.00 × 10 (per 100 kg of 1,000 kg) = 1,470.00; VAT 0 %.
        let result = try calculator.calculate([item(["VATZ"])], on: day)
        #expect(result.lines.map(\.amount.amount) == ["2070.00", "0.00"].map(Self.money) && result.total.amount == Self.money("2070.00"))
        // From Japan with a proof of origin, the UK-Japan preference: nothing.
        var japanese = item(["VATZ"])
        japanese.origin = "JP"
        japanese.preference = PreferenceClaim(agreement: "JP", proof: "statement on origin 41")
        let preferred = try calculator.calculate([japanese], on: day)
        #expect(preferred.lines[0].measure == japan.id && preferred.total.amount == Self.money("0.00"))
    }

    @Test(
        "white chocolate: the EU's MAX expression in both services, the ceiling binding on heavy goods",
        .enabled(if: TestEnvironment.hasDatasets(snapshotsPath + "/xi/1704903000-2021-02-09.json")))
    func whiteChocolate() throws {
        let expression = "9.10 % + 45.10 EUR / 100 kg MAX 18.90 % + 16.50 EUR / 100 kg"
        let uk = try Self.ukReader(.uk).read(json: try Self.response("uk", "1704903000-2020-12-29"))
        let transition = try #require(uk.measures.first { $0.id == "uk:2051552" })
        #expect(transition.expressionText == expression && transition.through == CalendarDay("2020-12-31"))
        let xi = try Self.ukReader(.xi).read(json: try Self.response("xi", "1704903000-2021-02-09"))
        let day = try Self.day("2021-02-09")
        let duty = try #require(xi.tariff.measures(.thirdCountry, code: "1704903000", origin: "US", on: day).first)
        #expect(duty.expressionText == expression)
        guard case .ceiling = duty.expression else {
            Issue.record("a MAX expression reads as a ceiling")
            return
        }
        let calculator = DutyCalculator(tariff: xi.tariff, exchangeRates: try ExchangeRateTable(currency: .eur, periods: []))
        let item = DutyItem(sequence: 1, code: "1704903000", origin: "US", customsValue: 1000, currency: .eur, quantities: [(.kilogram, 1000)])
        // 9.10 % of 1,000 + 45.10 × 10 = 542.00, above the ceiling 18.90 % of 1,000 + 16.50 × 10 = 354.00;
        // VAT: the standard rate (VTS, no code) 20 % of 1,354.00 = 270.80.
        let result = try calculator.calculate([item], on: day)
        #expect(result.lines.map(\.kind) == [.thirdCountry, .vat])
        #expect(result.lines.map(\.amount.amount) == ["354.00", "270.80"].map(Self.money) && result.total.amount == Self.money("624.80"))
    }

    @Test(
        "ceramic tiles from China: 106 anti-dumping measures by exporter, the exporter's rate under its code and a refusal without one",
        .enabled(if: TestEnvironment.hasDatasets(snapshotsPath + "/uk/6907220000-2021-02-09.json")))
    func ceramicTiles() throws {
        let file = try Self.ukReader(.uk).read(json: try Self.response("uk", "6907220000-2021-02-09"))
        let day = try Self.day("2021-02-09")
        let dumping = file.measures.filter { $0.kind == .antiDumping }
        #expect(dumping.count == 106 && dumping.allSatisfy { $0.origins == .only(["CN"]) && $0.additionalCode != nil })
        let exporter = try #require(dumping.first { $0.additionalCode == "B009" })
        #expect(exporter.expressionText == "29.30 %" && exporter.legalBasis.contains("D008") && exporter.legalBasis.contains("otherwise 69.70 %"))
        #expect(dumping.first { $0.additionalCode == "B999" }?.expressionText == "69.70 %")

        let calculator = DutyCalculator(tariff: file.tariff, exchangeRates: try ExchangeRateTable(currency: Self.gbp, periods: []))
        func item(_ codes: [String], from origin: String = "CN") -> DutyItem {
            DutyItem(sequence: 1, code: "6907220000", origin: origin, customsValue: 10_000, currency: Self.gbp, additionalCodes: codes)
        }
        // 4 % = 400.00; anti-dumping 29.30 % = 2,930.00; VAT 20 % of 13,330.00 = 2,666.00.
        let result = try calculator.calculate([item(["B009"])], on: day)
        #expect(result.lines.map(\.kind) == [.thirdCountry, .antiDumping, .vat])
        #expect(
            result.lines.map(\.amount.amount) == ["400.00", "2930.00", "2666.00"].map(Self.money) && result.total.amount == Self.money("5996.00"))
        let error = #expect(throws: PortunusError.self) { try calculator.calculate([item([])], on: day) }
        #expect(error?.code == .missingDutyInput && error?.field == "/items/0/additional_codes" && error?.reason.contains("B009") == true)
        // From Spain no anti-dumping duty applies: 400.00 + VAT 2,080.00.
        #expect(try calculator.calculate([item([], from: "ES")], on: day).total.amount == Self.money("2480.00"))
    }

    @Test(
        "cigars from the US: 25 % duty, the 25 % additional duty on US goods, excise of 305.32 GBP / kg under X615, and VAT on all of it",
        .enabled(if: TestEnvironment.hasDatasets(snapshotsPath + "/uk/2402100000-2021-02-09.json")))
    func cigars() throws {
        let file = try Self.ukReader(.uk).read(directory: TestEnvironment.dataset(Self.snapshotsPath + "/uk").path)
        let excise = try #require(file.measures.first { $0.id == "uk:-1010806399" })
        #expect(excise.kind == .excise && excise.additionalCode == "X615" && excise.expressionText == "305.32 GBP / kg")
        let calculator = DutyCalculator(tariff: file.tariff, exchangeRates: try ExchangeRateTable(currency: Self.gbp, periods: []))
        let item = DutyItem(
            sequence: 1, code: "2402100000", origin: "US", customsValue: 10_000, currency: Self.gbp, quantities: [(.kilogram, 100)],
            additionalCodes: ["X615"])
        // Duty 25 % of 10,000 = 2,500.00; additional duty (695, US) 25 % = 2,500.00; excise 305.32 × 100 kg
        // = 30,532.00; VAT 20 % of 10,000 + 2,500 + 2,500 + 30,532 = 45,532.00 → 9,106.40. Total 44,638.40.
        let result = try calculator.calculate([item], on: try Self.day("2021-02-09"))
        #expect(result.lines.map(\.measure) == ["uk:20002962", "uk:20040732", "uk:-1010806399", "uk:-1009487022"])
        #expect(result.lines.map(\.amount.amount) == ["2500.00", "2500.00", "30532.00", "9106.40"].map(Self.money))
        #expect(result.total.amount == Self.money("44638.40"))
        // On 2020-12-29 the EU's 26 % and the EU's additional duty applied instead.
        let before = try calculator.calculate([item], on: try Self.day("2020-12-29"))
        #expect(before.lines.map(\.measure) == ["uk:2053040", "uk:3755343", "uk:-1010806399", "uk:-1009487022"])
    }

    // MARK: Portunus's measure CSV and the VAT table

    static let measuresCSV = """
        id,code,type,origins,excluded,additional_code,agreement,expression,notation,from,through,legal_basis
        mfn-2203,2203,third_country,*,KP,,,0.00 %,uk,2026-01-01,,Customs Tariff Act schedule 1
        beer-excise,22030010,excise,,,X441,,19.08 GBP / % vol/hl,,2026-01-01,2026-12-31,Alcoholic Liquor Duties Act 1979 s. 36
        us-style,6109,third_country,,,,,16.5%,hts,2026-01-01,,test
        pref-ca,2203,preferential,CA,,,CA,Free,uk,2026-01-01,,UK-Canada TCA
        """

    @Test("Portunus's measure CSV: measures as written, lines from their codes or from a lines file")
    func measureCSV() throws {
        let reader = MeasureCSVReader(currency: Self.gbp, source: "test tariff")
        let file = try reader.read(measuresCSV: Array(Self.measuresCSV.utf8))
        #expect(file.measures.map(\.id) == ["mfn-2203", "beer-excise", "us-style", "pref-ca"])
        #expect(file.lines.map(\.code) == ["2203", "22030010", "6109"] && file.lines.allSatisfy { $0.description.isEmpty })
        let excise = file.measures[1]
        #expect(excise.kind == .excise && excise.additionalCode == "X441" && excise.through == CalendarDay("2026-12-31") && excise.notation == .uk)
        #expect(file.measures[0].excluded == ["KP"] && file.measures[0].origins == .any && file.measures[0].additionalCode == nil)
        #expect(file.measures[2].notation == .hts && file.measures[3].origins == .only(["CA"]) && file.measures[3].agreement == "CA")
        let lines = "code,description,units\n2203,Beer made from malt,l\n6109,\"T-shirts, singlets\",doz. ; kg\n"
        let described = try reader.read(measuresCSV: Array(Self.measuresCSV.utf8), linesCSV: Array(lines.utf8))
        #expect(
            described.lines == [
                TariffLine(code: "2203", description: "Beer made from malt", units: ["l"]),
                TariffLine(code: "6109", description: "T-shirts, singlets", units: ["doz.", "kg"]),
            ])
    }

    @Test(
        "a bad row fails the measure CSV with tariff.row at its line and column",
        arguments: [
            ("m1,220300100022030010,vat,*,,,,20 %,uk,2026-01-01,,x", 2, "code"),
            ("m1,2203,vat,*,,,,20 %,html,2026-01-01,,x", 2, "notation"),
            ("m1,2203,duty,*,,,,20 %,uk,2026-01-01,,x", 2, "type"),
            ("m1,2203,vat,XY Z,,,,20 %,uk,2026-01-01,,x", 2, "origins"),
            ("m1,2203,vat,*,EU,,,20 %,uk,2026-01-01,,x", 2, "excluded"),
            ("m1,2203,vat,*,,,,20 % +,uk,2026-01-01,,x", 2, "expression"),
            ("m1,2203,vat,*,,,,20 %,uk,2026-02-30,,x", 2, "from"),
            ("m1,2203,vat,*,,,,20 %,uk,2026-02-01,2026-01-31,x", 2, "through"),
            ("m1,2203,vat,*,,,,20 %,uk,2026-01-01,,", 2, "legal_basis"),
            ("m1,2203,vat,*,,,,20 %,uk,2026-01-01,,x\nm1,2204,vat,*,,,,20 %,uk,2026-01-01,,x", 3, "id"),
        ])
    func badMeasureRows(row: String, line: Int, column: String) throws {
        let header = "id,code,type,origins,excluded,additional_code,agreement,expression,notation,from,through,legal_basis\n"
        let error = #expect(throws: PortunusError.self) {
            try MeasureCSVReader(currency: Self.gbp, source: "test").read(measuresCSV: Array((header + row).utf8))
        }
        #expect(
            error?.code == .invalidTariffRow && error?.location?.line == line && error?.location?.columnName == column, "\(error?.description ?? "")")
        #expect(error?.location?.column != nil)
    }

    @Test("a measure CSV whose header lacks a column or has an unknown one fails with tariff.file on line 1")
    func badMeasureHeader() throws {
        let reader = MeasureCSVReader(currency: Self.gbp, source: "test")
        for csv in [
            "id,code,type,expression,from\n", "id,code,type,expression,from,legal_basis,rate\n", "", "id,id,code,type,expression,from,legal_basis\n",
        ] {
            let error = #expect(throws: PortunusError.self) { try reader.read(measuresCSV: Array(csv.utf8)) }
            #expect(error?.code == .invalidTariffFile && error?.location?.line == 1, "\(csv)")
        }
        let lines = "code,description\n22030010000000000000,Beer\n"
        let error = #expect(throws: PortunusError.self) { try reader.read(measuresCSV: Array(Self.measuresCSV.utf8), linesCSV: Array(lines.utf8)) }
        #expect(error?.code == .invalidTariffRow && error?.location?.line == 2 && error?.location?.columnName == "code")
    }

    @Test(
        "the VAT table as measures: one per period of a country, on all goods, charged on the value with the duties",
        .enabled(if: TestEnvironment.hasDatasets(vatPath)))
    func vatMeasures() throws {
        let table = try VATRateTable(path: TestEnvironment.dataset(Self.vatPath).path)
        let germany = try table.measures(country: "DE")
        #expect(germany.map(\.id) == ["vat:DE:2016-01-01", "vat:DE:2020-07-01", "vat:DE:2021-01-01"])
        #expect(germany.map(\.expressionText) == ["19 %", "16 %", "19 %"])
        #expect(germany.allSatisfy { $0.kind == .vat && $0.code == "" && $0.origins == .any })
        #expect(germany[1].through == CalendarDay("2020-12-31") && germany[2].through == nil)
        #expect(germany[0].legalBasis == "Standard VAT rate, DE, Duty27 table (CC BY 4.0)")
        #expect(try table.measures(country: "EL").map(\.id) == (try table.measures(country: "GR")).map(\.id))
        #expect(try table.measures(country: "GB").isEmpty)

        let tariff = NationalTariff(
            currency: .eur,
            measures: germany + [
                try TariffMeasure(
                    id: "mfn", code: "6109", kind: .thirdCountry, expression: "12.00 %", from: try Self.day("2016-01-01"), legalBasis: "CN 2020")
            ])
        let calculator = DutyCalculator(tariff: tariff, exchangeRates: try ExchangeRateTable(currency: .eur, periods: []))
        let item = DutyItem(sequence: 1, code: "6109100010", origin: "CN", customsValue: 1000, currency: .eur)
        // Duty 120.00; VAT 16 % of 1,120.00 = 179.20 in the second half of 2020, 19 % = 212.80 after.
        #expect(try calculator.calculate([item], on: try Self.day("2020-07-01")).lines.last?.amount.amount == Self.money("179.20"))
        #expect(try calculator.calculate([item], on: try Self.day("2021-01-01")).lines.last?.amount.amount == Self.money("212.80"))
    }

    // MARK: Hostile input

    @Test(
        "a malformed HTS export is tariff.file or tariff.row with a line and byte, never a crash",
        arguments: [
            ("[{\"htsno\": \"0101.21.00\", \"description\": \"Horses\", \"general\": \"Fr", "tariff.file", nil),
            ("{\"htsno\": \"0101\"}", "tariff.file", ""),
            ("[{\"htsno\": 101, \"description\": \"Horses\"}]", "tariff.row", "/0/htsno"),
            (
                "[{\"htsno\": \"0101\", \"description\": \"x\"},\n {\"htsno\": \"0101.21.00.10.20.30.40.50\", \"description\": \"x\"}]", "tariff.row",
                "/1/htsno"
            ),
            ("[{\"htsno\": \"0101.21.00\", \"description\": \"Horses\", \"general\": 4.4}]", "tariff.row", "/0/general"),
            ("[{\"htsno\": \"0101.21.00\", \"description\": \"Horses\", \"units\": \"kg\"}]", "tariff.row", "/0/units"),
            ("[17]", "tariff.row", "/0"),
            ("[{\"htsno\": \"0101\", \"description\": \"x\"}, {\"htsno\": \"0101\", \"description\": \"y\"}]", "tariff.row", "/1/htsno"),
            ("", "tariff.file", nil),
        ] as [(String, String, String?)])
    func hostileHTS(json: String, code: String, field: String?) throws {
        let reader = HTSScheduleReader(revision: "test", effective: try Self.day("2026-01-01"))
        let error = #expect(throws: PortunusError.self) { try reader.read(json: Array(json.utf8)) }
        #expect(error?.code.rawValue == code && error?.location != nil, "\(error?.description ?? "")")
        if let field { #expect(error?.field == field) }
        if field == "/1/htsno", json.contains("\n") { #expect(error?.location?.line == 2) }
    }

    @Test("an HTS rate that does not parse is skipped with its error, the rest read")
    func unreadableHTSRate() throws {
        let json = """
            [{"htsno": "0101.21.00", "description": "Horses", "units": ["No."], "general": "4.4 ducats", "special": "Free (AU,AU)", "other": "20%"}]
            """
        let file = try HTSScheduleReader(revision: "test", effective: try Self.day("2026-01-01")).read(json: Array(json.utf8))
        #expect(file.measures.map(\.id) == ["hts:0101.21.00:other", "hts:0101.21.00:special:AU"])
        #expect(file.skippedCount(HTSScheduleReader.SkipReason.unreadableRate) == 1)
        #expect(file.skippedCount(HTSScheduleReader.SkipReason.programmeTwice) == 1)
        #expect(file.lines == [TariffLine(code: "01012100", description: "Horses", units: ["No."])])
    }

    @Test("a malformed Trade Tariff response is tariff.file or tariff.row with a line and byte, never a crash")
    func hostileUK() throws {
        let reader = Self.ukReader(.uk)
        let good = """
            {"data": {"id": "1", "type": "commodity", "attributes": {"goods_nomenclature_item_id": "0201100021", "description": "Of bison"}},
             "included": [
              {"id": "7", "type": "measure", "attributes": {"effective_start_date": "2021-01-01T00:00:00.000Z", "effective_end_date": null, "import": true},
               "relationships": {"measure_type": {"data": {"id": "103", "type": "measure_type"}},
                "geographical_area": {"data": {"id": "1011", "type": "geographical_area"}},
                "measure_components": {"data": [{"id": "7-01", "type": "measure_component"}]}}},
              {"id": "7-01", "type": "measure_component", "attributes": {"duty_expression_id": "01", "duty_amount": 12.0, "monetary_unit_code": null}}
             ]}
            """
        let file = try reader.read(json: Array(good.utf8))
        #expect(file.measures.map(\.expressionText) == ["12.0 %"] && file.measures[0].id == "uk:7")
        let cases: [(String, String, String?)] = [
            (String(good.prefix(200)), "tariff.file", nil),
            ("[]", "tariff.file", ""),
            ("{}", "tariff.file", ""),
            (
                good.replacingOccurrences(of: "\"0201100021\"", with: "\"02011000210201100021\""), "tariff.row",
                "/data/attributes/goods_nomenclature_item_id"
            ),
            (good.replacingOccurrences(of: "12.0", with: "\"twelve\""), "tariff.row", "/included/1/attributes/duty_amount"),
            (good.replacingOccurrences(of: "12.0", with: "1.2e1"), "tariff.row", "/included/1/attributes/duty_amount"),
            (good.replacingOccurrences(of: "2021-01-01T00", with: "2021-13-01T00"), "tariff.row", "/included/0/attributes/effective_start_date"),
            (good.replacingOccurrences(of: "\"import\": true", with: "\"import\": \"yes\""), "tariff.row", "/included/0/attributes/import"),
            (good.replacingOccurrences(of: "\"id\": \"7\"", with: "\"id\": \"seven\""), "tariff.row", "/included/0/id"),
            (
                good.replacingOccurrences(of: "\"7-01\", \"type\": \"measure_component\"}]", with: "\"7-02\", \"type\": \"measure_component\"}]"),
                "tariff.row", nil
            ),
        ]
        for (json, code, field) in cases {
            let error = #expect(throws: PortunusError.self) { try reader.read(json: Array(json.utf8)) }
            #expect(error?.code.rawValue == code && error?.location != nil, "\(json.prefix(60)) → \(error?.description ?? "")")
            if let field { #expect(error?.field == field, "\(error?.description ?? "")") }
        }
        // Named in a merged read.
        let error = #expect(throws: PortunusError.self) {
            try reader.read(responses: [("good.json", Array(good.utf8)), ("bad.json", Array("{".utf8))])
        }
        #expect(error?.reason.hasPrefix("bad.json:") == true)
    }

    @Test(
        "a real response cut short or with bytes changed is read or refused with a location, 200 times",
        .enabled(if: TestEnvironment.hasDatasets(snapshotsPath + "/uk/6907220000-2021-02-09.json")))
    func damagedResponses() throws {
        let reader = Self.ukReader(.uk)
        let real = try Self.response("uk", "6907220000-2021-02-09")
        var random = SplitMix64(seed: 24)
        for round in 0..<200 {
            var bytes = real
            if round % 2 == 0 {
                bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &random)))
            } else {
                for _ in 0..<4 { bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random) }
            }
            do {
                _ = try reader.read(json: bytes)
            } catch {
                #expect(error.location != nil, "\(error)")
            }
        }
    }
}
