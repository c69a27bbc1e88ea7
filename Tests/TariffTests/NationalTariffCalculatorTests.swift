import Foundation
import PortunusCore
import Testing

@testable import Tariff

/// The duty calculation on hand-built national tariffs: which measure applies and what it comes to.
@Suite("Duty calculation on a national tariff")
struct NationalTariffCalculatorTests {
    static let gbp = Currency(unchecked: "GBP")
    static let day = CalendarDay("2026-03-10")!

    static func measure(
        _ id: String, _ code: String, _ kind: TariffMeasure.Kind, _ expression: String, origins: TariffMeasure.Origins = .any,
        excluded: [String] = [], additionalCode: String? = nil, agreement: String? = nil, from: String = "2026-01-01", through: String? = nil
    ) throws -> TariffMeasure {
        try TariffMeasure(
            id: id, code: code, kind: kind, origins: origins, excluded: excluded, additionalCode: additionalCode, agreement: agreement,
            expression: expression, from: try #require(CalendarDay(from)), through: through.flatMap { CalendarDay($0) }, legalBasis: "test \(id)")
    }

    static func calculator(_ measures: [TariffMeasure], rates: [ExchangeRateTable.Period] = []) throws -> DutyCalculator {
        DutyCalculator(tariff: NationalTariff(currency: gbp, measures: measures), exchangeRates: try ExchangeRateTable(currency: gbp, periods: rates))
    }

    static func item(
        _ code: String, from origin: String = "US", value: ExactDecimal = 1000, currency: Currency = gbp,
        quantities: [(unit: QuantityUnit, amount: ExactDecimal)] = [], additionalCodes: [String] = [], preference: PreferenceClaim? = nil
    ) -> DutyItem {
        DutyItem(
            sequence: 1, code: code, origin: origin, customsValue: value, currency: currency, quantities: quantities,
            additionalCodes: additionalCodes,
            preference: preference)
    }

    static func money(_ text: String) -> FixedDecimal { FixedDecimal(text)! }

    @Test("the measure at the deepest level of the code wins: 22030010 hides 2203 of the same kind, not another kind")
    func deepestLevelWins() throws {
        let calculator = try Self.calculator([
            try Self.measure("chapter", "22", .thirdCountry, "10.00 %"),
            try Self.measure("heading", "2203", .thirdCountry, "8.00 %"),
            try Self.measure("line", "22030010", .thirdCountry, "2.00 %"),
            try Self.measure("vat", "", .vat, "20.00 %"),
        ])
        let deep = try calculator.calculate([Self.item("2203001000")], on: Self.day)
        #expect(deep.lines.map(\.measure) == ["line", "vat"])
        #expect(deep.lines[0].amount.amount == Self.money("20.00"))
        // A sibling under the heading takes the heading's; VAT on all goods applies to both.
        let sibling = try calculator.calculate([Self.item("2203009000")], on: Self.day)
        #expect(sibling.lines.map(\.measure) == ["heading", "vat"])
        #expect(sibling.lines[0].amount.amount == Self.money("80.00"))
        #expect(sibling.lines[1].amount.amount == Self.money("216.00"))  // 20 % of 1,080
    }

    @Test("an excluded origin does not take a measure for any origin; column 2 takes it instead")
    func originExclusion() throws {
        let calculator = try Self.calculator([
            try Self.measure("general", "6109", .thirdCountry, "16.5 %", excluded: ["CU", "KP"]),
            try Self.measure("column2", "6109", .thirdCountry, "90 %", origins: .only(["CU", "KP"])),
        ])
        #expect(try calculator.calculate([Self.item("6109100004", from: "CN")], on: Self.day).total.amount == Self.money("165.00"))
        let cuba = try calculator.calculate([Self.item("6109100004", from: "CU")], on: Self.day)
        #expect(cuba.lines.map(\.measure) == ["column2"] && cuba.total.amount == Self.money("900.00"))
    }

    @Test("a preference is granted only with a proof, only for its origins, and only when it is lower")
    func preference() throws {
        let calculator = try Self.calculator([
            try Self.measure("mfn", "1704", .thirdCountry, "8.00 %"),
            try Self.measure("ca", "1704", .preferential, "0.00 %", origins: .only(["CA"]), agreement: "CA"),
            try Self.measure("gsp", "1704", .preferential, "10.00 %", agreement: "2020"),
        ])
        let proven = PreferenceClaim(agreement: "CA", proof: "EUR.1 123")
        let granted = try calculator.calculate([Self.item("1704903000", from: "CA", preference: proven)], on: Self.day)
        #expect(granted.lines[0].kind == .preferential && granted.lines[0].measure == "ca" && granted.total.amount == Self.money("0.00"))
        #expect(granted.lines[0].note?.contains("EUR.1 123") == true)

        let noProof = try calculator.calculate([Self.item("1704903000", from: "CA", preference: .init(agreement: "CA", proof: nil))], on: Self.day)
        #expect(noProof.lines[0].measure == "mfn" && noProof.total.amount == Self.money("80.00"))
        #expect(noProof.lines[0].note?.contains("no proof") == true)

        let badProof = PreferenceClaim(agreement: "CA", proof: "EUR.1 9", proofProblem: "the certificate names other goods")
        let refused = try calculator.calculate([Self.item("1704903000", from: "CA", preference: badProof)], on: Self.day)
        #expect(refused.lines[0].measure == "mfn" && refused.lines[0].note?.contains("other goods") == true)

        let wrongOrigin = try calculator.calculate([Self.item("1704903000", from: "MX", preference: proven)], on: Self.day)
        #expect(wrongOrigin.lines[0].measure == "mfn" && wrongOrigin.lines[0].note?.contains("no such preference") == true)

        // A "preference" dearer than the duty is not applied.
        let dearer = try calculator.calculate(
            [Self.item("1704903000", from: "BD", preference: .init(agreement: "2020", proof: "REX"))], on: Self.day)
        #expect(dearer.lines[0].measure == "mfn" && dearer.total.amount == Self.money("80.00"))
        #expect(dearer.lines[0].note?.contains("lower") == true)
    }

    @Test("anti-dumping: the declared exporter's code applies, else the measure without a code, and with codes only a refusal naming them")
    func antiDumpingAdditionalCodes() throws {
        var measures = [
            try Self.measure("mfn", "6907", .thirdCountry, "4.00 %"),
            try Self.measure("b009", "690722", .antiDumping, "29.30 %", origins: .only(["CN"]), additionalCode: "B009"),
            try Self.measure("b999", "690722", .antiDumping, "69.70 %", origins: .only(["CN"]), additionalCode: "B999"),
        ]
        let coded = try Self.calculator(measures)
        let declared = try coded.calculate([Self.item("6907220000", from: "CN", additionalCodes: ["B009"])], on: Self.day)
        #expect(declared.lines.map(\.measure) == ["mfn", "b009"])
        #expect(declared.lines[1].kind == .antiDumping && declared.lines[1].amount.amount == Self.money("293.00"))
        // Goods from elsewhere do not meet the measure at all.
        #expect(try coded.calculate([Self.item("6907220000", from: "ES")], on: Self.day).lines.map(\.measure) == ["mfn"])

        let error = #expect(throws: PortunusError.self) { try coded.calculate([Self.item("6907220000", from: "CN")], on: Self.day) }
        #expect(error?.code == .missingDutyInput && error?.field == "/items/0/additional_codes")
        #expect(error?.reason.contains("B009, B999") == true)

        measures.append(try Self.measure("residual", "690722", .antiDumping, "69.70 %", origins: .only(["CN"])))
        let uncoded = try Self.calculator(measures).calculate([Self.item("6907220000", from: "CN", additionalCodes: ["B123"])], on: Self.day)
        #expect(uncoded.lines.map(\.measure) == ["mfn", "residual"] && uncoded.total.amount == Self.money("737.00"))
    }

    @Test("excise per litre from the declared quantity, and VAT on the value with the duty and the excise")
    func exciseAndVAT() throws {
        let calculator = try Self.calculator([
            try Self.measure("mfn", "2204", .thirdCountry, "0.32 GBP / l"),
            try Self.measure("excise", "2204", .excise, "2.23 GBP / l"),
            try Self.measure("vat", "", .vat, "20.00 %"),
        ])
        let result = try calculator.calculate([Self.item("2204210000", value: 500, quantities: [(.litre, 150)])], on: Self.day)
        #expect(result.lines.map(\.kind) == [.thirdCountry, .excise, .vat])
        // 0.32 × 150 = 48.00; 2.23 × 150 = 334.50; 20 % × (500 + 48 + 334.50) = 176.50.
        #expect(result.lines.map(\.amount.amount) == ["48.00", "334.50", "176.50"].map(Self.money))
        #expect(result.lines[2].base.amount == Self.money("882.50"))
        #expect(result.total.amount == Self.money("559.00"))
        // Without the litres, a refusal naming the unit, never a zero.
        let error = #expect(throws: PortunusError.self) { try calculator.calculate([Self.item("2204210000")], on: Self.day) }
        #expect(error?.code == .missingDutyInput && error?.field?.hasPrefix("/items/0") == true)
    }

    @Test("a value in another currency is converted at the rate of the day, and refused on a day without one")
    func foreignCurrency() throws {
        let march = ExchangeRateTable.Period(
            currency: .eur, from: CalendarDay("2026-03-01")!, through: CalendarDay("2026-03-31")!, rate: ExactDecimal("0.85")!)
        let calculator = try Self.calculator([try Self.measure("mfn", "84", .thirdCountry, "10.00 %")], rates: [march])
        let result = try calculator.calculate([Self.item("8406810000", value: 1000, currency: .eur)], on: Self.day)
        #expect(result.lines[0].base.amount == Self.money("850.00") && result.total.amount == Self.money("85.00"))
        #expect(result.exchangeRates == [.eur: ExactDecimal("0.85")!])
        let error = #expect(throws: PortunusError.self) {
            try calculator.calculate([Self.item("8406810000", currency: .eur)], on: CalendarDay("2026-04-01")!)
        }
        #expect(error?.code == .missingDutyInput && error?.field == "/items/0/customs_value")
        // A table that converts into another currency than the tariff's is refused, not applied.
        let mismatched = DutyCalculator(
            tariff: NationalTariff(currency: Self.gbp, measures: []), exchangeRates: try ExchangeRateTable(currency: .eur, periods: []))
        #expect(throws: PortunusError.self) { try mismatched.calculate([Self.item("8406810000")], on: Self.day) }
    }

    @Test("no third-country duty for the code is tariff.no_measure naming the item; a measure that ended the day before does not apply")
    func noMeasureAndDates() throws {
        let calculator = try Self.calculator([
            try Self.measure("old", "0201", .thirdCountry, "12.80 %", through: "2026-03-09"),
            try Self.measure("new", "0201", .thirdCountry, "12.00 %", from: "2026-03-11"),
        ])
        let error = #expect(throws: PortunusError.self) {
            try calculator.calculate([Self.item("8406810000"), Self.item("0201100021")], on: Self.day)
        }
        #expect(error?.code == .noTariffMeasure && error?.field == "/items/0/hs_code")
        // 10 March falls between the two: neither applies.
        let gap = #expect(throws: PortunusError.self) { try calculator.calculate([Self.item("0201100021")], on: Self.day) }
        #expect(gap?.code == .noTariffMeasure)
        #expect(try calculator.calculate([Self.item("0201100021")], on: CalendarDay("2026-03-09")!).lines[0].measure == "old")
        #expect(try calculator.calculate([Self.item("0201100021")], on: CalendarDay("2026-03-11")!).lines[0].measure == "new")
    }
}
