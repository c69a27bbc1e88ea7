import Foundation
import PortunusCore
import Testing

@testable import Tariff

@Suite("Duty expressions: reading, evaluating, rounding, refusing")
struct DutyExpressionTests {
    static let gbp = Currency(unchecked: "GBP")

    static func decimal(_ text: String) -> ExactDecimal { ExactDecimal(text)! }

    // MARK: Exact decimals

    @Test("exact decimals: text both ways, value equality, ordering across scales, rounding rules, checked overflow")
    func exactDecimal() throws {
        #expect(Self.decimal("12.00").description == "12.00" && Self.decimal("-0.005").description == "-0.005")
        #expect(Self.decimal("12.00") == Self.decimal("12") && Self.decimal("12.00").hashValue == Self.decimal("12").hashValue)
        #expect(Self.decimal("0.1") < Self.decimal("0.10001") && Self.decimal("-2") < Self.decimal("-1.99"))
        for bad in ["", "-", "1.2.3", "1e5", "1,000", " 1", "12345678901234567890123456789012345678901"] {
            #expect(ExactDecimal(bad) == nil, "\(bad)")
        }
        let product = try Self.decimal("1260.89").multiplied(by: Self.decimal("0.027"))
        #expect(product.description == "34.04403")
        #expect(product.rounded(toFractionDigits: 2) == Self.decimal("34.04"))
        #expect(Self.decimal("2.785").rounded(toFractionDigits: 2) == Self.decimal("2.79"))  // half up
        #expect(Self.decimal("2.785").rounded(toFractionDigits: 2, .toNearestOrEven) == Self.decimal("2.78"))
        #expect(Self.decimal("2.789").rounded(toFractionDigits: 2, .down) == Self.decimal("2.78"))
        #expect(Self.decimal("-2.785").rounded(toFractionDigits: 2) == Self.decimal("-2.79"))  // away from zero
        #expect(Self.decimal("-0.001").rounded(toFractionDigits: 2, .down) == Self.decimal("-0.01"))
        #expect(try Self.decimal("100").divided(by: 3, fractionDigits: 4) == Self.decimal("33.3333"))
        #expect(Self.decimal("34.04403").fixedDecimal() == FixedDecimal("34.044"))
        // Beyond 128 bits: number.too_large, never a trap.
        let huge = Self.decimal("100000000000000000000")
        #expect(throws: PortunusError(.tooLarge, "")) { try huge.multiplied(by: huge) }
        #expect(throws: PortunusError(.tooLarge, "")) { try ExactDecimal(significand: .max, scale: 0)!.adding(1) }
        // Comparison still answers when aligning would overflow.
        #expect(ExactDecimal(significand: .max, scale: 0)! > ExactDecimal(significand: 1, scale: 30)!)
    }

    // MARK: The US rate grammar

    @Test("US HTS rates: the forms of the schedule read into their expressions")
    func htsForms() throws {
        let usd = Currency.usd
        #expect(try DutyExpression(htsRate: "Free") == .free)
        #expect(try DutyExpression(htsRate: "6.5% ") == .adValorem(Self.decimal("6.5")))
        #expect(try DutyExpression(htsRate: "4.4¢/kg") == .specific(Self.decimal("0.044"), usd, per: .kilogram))
        #expect(
            try DutyExpression(htsRate: "$1.89/kg + 4.7%")
                == .sum([.specific(Self.decimal("1.89"), usd, per: .kilogram), .adValorem(Self.decimal("4.7"))]))
        #expect(try DutyExpression(htsRate: "13.2¢/liter") == DutyExpression(htsRate: "13.2¢/ litre"))
        #expect(try DutyExpression(htsRate: "1.1¢/m2") == DutyExpression(htsRate: "1.1¢/m²"))
        #expect(
            try DutyExpression(htsRate: "10¢/1,000 pins + 3.5%")
                == .sum([
                    .specific(amount: Self.decimal("0.10"), currency: usd, count: 1000, unit: QuantityUnit(name: "pin")),
                    .adValorem(Self.decimal("3.5")),
                ]))
        #expect(
            try DutyExpression(htsRate: "$2.50/thou- sand + 40%")
                == .sum([.specific(amount: Self.decimal("2.50"), currency: usd, count: 1000, unit: .item), .adValorem(40)]))
        #expect(
            try DutyExpression(htsRate: "5¢ each + 10% on the case")
                == .sum([.specific(Self.decimal("0.05"), usd, per: .item), .adValorem(Percentage(10), of: "case")]))
        #expect(
            try DutyExpression(htsRate: "2.2¢/kg on drained weight")
                == .specific(Self.decimal("0.022"), usd, per: QuantityUnit.kilogram.qualified("on drained weight")))
        #expect(try DutyExpression(htsRate: "33 1/3%") == .adValorem(Percentage(33, numerator: 1, denominator: 3)!, of: nil))
        let sugar = try DutyExpression(
            htsRate:
                "3.6606¢/kg less 0.020668¢/kg for each degree under 100 degrees (and fractions of a degree in proportion) but not less than 3.143854¢/kg"
        )
        let degrees = QuantityUnit.kilogram.qualified("for each degree under 100 degrees (and fractions of a degree in proportion)")
        #expect(
            sugar
                == .floor(
                    .difference(.specific(Self.decimal("0.036606"), usd, per: .kilogram), .specific(Self.decimal("0.00020668"), usd, per: degrees)),
                    .specific(Self.decimal("0.03143854"), usd, per: .kilogram)))
        #expect(
            try DutyExpression(htsRate: "The duty provided in the applicable subheading + 25%")
                == .sum([.reference(.applicableSubheading), .adValorem(25)]))
        #expect(
            try DutyExpression(htsRate: "The duty provided inthe applicable subheading+ 25%")
                == .sum([.reference(.applicableSubheading), .adValorem(25)]))
        #expect(try DutyExpression(htsRate: "No change") == .reference(.applicableSubheading))
        #expect(
            try DutyExpression(htsRate: "The duty rate provided in such subheading minus 0.5%")
                == .difference(.reference(.applicableSubheading), .adValorem(Self.decimal("0.5"))))
        #expect(
            try DutyExpression(htsRate: "Free, under bond, as prescribed in U.S. note 2 to this subchapter")
                == .annotated(.free, note: "under bond, as prescribed in U.S. note 2 to this subchapter"))
        #expect(try DutyExpression(htsRate: "See additional U.S. note 5") == .reference(DutyReference(wording: "See additional U.S. note 5")))
        let special = DutyExpression.htsSpecialRates("Free (A+,AU,BH, CL) 2.8% (JP)\nSee 9822.04.01-9822.04.03 (AU)")
        #expect(special.map(\.rate) == ["Free", "2.8%", "See 9822.04.01-9822.04.03"])
        #expect(special.map(\.programmes) == [["A+", "AU", "BH", "CL"], ["JP"], ["AU"]])
        #expect(
            DutyExpression.htsSpecialRates("Free (See U.S. note 4 of this subchapter)").map(\.rate) == ["Free (See U.S. note 4 of this subchapter)"])
    }

    @Test(
        "malformed US rates are refused with the error code and the byte offset of the problem",
        arguments: [
            ("", 0), ("6.5%%", 4), ("4.4¢/furlong", 6), ("$/kg", 1), ("6.5% +", 6), ("12 apples", 3), ("  4.4¢/kg  junk", 12),
            ("4.4¢/1200 kg", 6), ("Free of charge", 5), ("33 1/0%", 3), ("No change please", 10), ("5¢", 3),
        ])
    func htsRefusals(_ text: String, _ offset: Int) {
        #expect(throws: PortunusError(.invalidDutyExpression, "", field: "/general", location: .init(byteOffset: offset))) {
            try DutyExpression(htsRate: text, field: "/general")
        }
    }

    // MARK: The UK notation

    @Test("UK duty expressions: text, HTML and components read alike; MAX/MIN group as the EU and HMRC's calculator read them")
    func ukForms() throws {
        let perHundredKilograms = { (amount: String, currency: Currency) in
            DutyExpression.specific(amount: Self.decimal(amount), currency: currency, count: 100, unit: .kilogram)
        }
        let bison = try DutyExpression(ukDutyExpression: "12.00 % + 147.00 GBP / 100 kg")
        #expect(bison == .sum([.adValorem(Self.decimal("12.00")), perHundredKilograms("147.00", Self.gbp)]))
        #expect(
            try DutyExpression(ukDutyExpression: "<span>12.00</span> % + <span>147.00</span> GBP / <abbr title='Hectokilogram'>100 kg</abbr>")
                == bison)
        #expect(try DutyExpression(ukDutyExpression: "12.00\u{a0}% +\u{a0}147.00 GBP / 100 kg") == bison)
        let chocolate = try DutyExpression(ukDutyExpression: "9.10 % + 45.10 EUR / 100 kg MAX 18.90 % + 16.50 EUR / 100 kg")
        #expect(
            chocolate
                == .ceiling(
                    .sum([.adValorem(Self.decimal("9.10")), perHundredKilograms("45.10", .eur)]),
                    .sum([.adValorem(Self.decimal("18.90")), perHundredKilograms("16.50", .eur)])))
        #expect(
            try DutyExpression(ukDutyExpression: "9.00 % + EA MAX 18.70 % +ADSZ")
                == .ceiling(
                    .sum([.adValorem(9), .reference(.agriculturalComponent)]),
                    .sum([.adValorem(Self.decimal("18.70")), .reference(.additionalDutyOnSugar)])))
        #expect(
            try DutyExpression(ukDutyExpression: "1.30 EUR / % vol/hl MIN 7.20 EUR / hl")
                == .floor(
                    .specific(Self.decimal("1.30"), .eur, per: .percentVolumeHectolitre), .specific(Self.decimal("7.20"), .eur, per: .hectolitre)))
        #expect(
            try DutyExpression(ukDutyExpression: "16.50 % / Retail Price + 244.78 GBP / 1000 p/st MIN 320.90 GBP / 1000 p/st")
                == .floor(
                    .sum([
                        .adValorem(Percentage(Self.decimal("16.50")), of: "retail price"),
                        .specific(amount: Self.decimal("244.78"), currency: Self.gbp, count: 1000, unit: .item),
                    ]),
                    .specific(amount: Self.decimal("320.90"), currency: Self.gbp, count: 1000, unit: .item)))
        #expect(
            try DutyExpression(ukDutyExpression: "144.10 GBP / 1000 kg/biodiesel")
                == .specific(amount: Self.decimal("144.10"), currency: Self.gbp, count: 1000, unit: QuantityUnit.kilogram.qualified("biodiesel")))
        // The second ceiling the API prints without its "MAX" (duty expression 35).
        let sweets = try DutyExpression(ukDutyExpression: "4.50 % + 22.55 EUR / 100 kg MAX 9.40 % + 8.25 EUR / 100 kg 35.15 EUR / 100 kg")
        let components = [
            UKMeasureComponent(dutyExpressionID: "01", amount: Self.decimal("4.5")),
            UKMeasureComponent(dutyExpressionID: "04", amount: Self.decimal("22.55"), monetaryUnit: "EUR", measurementUnit: "DTN"),
            UKMeasureComponent(dutyExpressionID: "17", amount: Self.decimal("9.4")),
            UKMeasureComponent(dutyExpressionID: "19", amount: Self.decimal("8.25"), monetaryUnit: "EUR", measurementUnit: "DTN"),
            UKMeasureComponent(dutyExpressionID: "35", amount: Self.decimal("35.15"), monetaryUnit: "EUR", measurementUnit: "DTN"),
        ]
        #expect(try DutyExpression(ukComponents: components) == sweets)
        // What Portunus writes, it reads back.
        for expression in [bison, chocolate, sweets] { #expect(try DutyExpression(ukDutyExpression: expression.description) == expression) }
        let third = try DutyExpression(htsRate: "33 1/3% on the case")
        #expect(third.description == "33 1/3 % of case")
        #expect(try DutyExpression(ukDutyExpression: third.description) == third)
        let grouped = DutyExpression.ceiling(.adValorem(5), .floor(.adValorem(3), .adValorem(4)))
        #expect(grouped.description == "5 % MAX (3 % MIN 4 %)")
        #expect(try DutyExpression(ukDutyExpression: grouped.description) == grouped)
    }

    @Test(
        "malformed UK expressions are refused with the error code and the byte offset in the text as given",
        arguments: [
            ("", 0), ("12.00 % + ", 10), ("12.00 XYZ / kg", 6), ("12.00 GBP / furlong", 12), ("12.00 % 5.00 %", 8), ("<span>12.00</span> %%", 20),
            ("12.00 GBP", 9), ("(12.00 %", 8), ("MAX 5 %", 0),
        ])
    func ukRefusals(_ text: String, _ offset: Int) {
        #expect(throws: PortunusError(.invalidDutyExpression, "", field: "/base", location: .init(byteOffset: offset))) {
            try DutyExpression(ukDutyExpression: text, field: "/base")
        }
    }

    @Test("UK components that are not duties, or not known, are refused naming the component")
    func componentRefusals() {
        let cases: [([UKMeasureComponent], String)] = [
            ([UKMeasureComponent(dutyExpressionID: "99", amount: nil, measurementUnit: "NAR")], "/components/0/duty_expression_id"),
            ([UKMeasureComponent(dutyExpressionID: "01", amount: 5, monetaryUnit: "GBP", measurementUnit: "XYZ")], "/components/0/measurement_unit"),
            (
                [UKMeasureComponent(dutyExpressionID: "01", amount: 5), UKMeasureComponent(dutyExpressionID: "77", amount: 1)],
                "/components/1/duty_expression_id"
            ),
            ([UKMeasureComponent(dutyExpressionID: "01", amount: 5, measurementUnit: "KGM")], "/components/0/monetary_unit"),
            ([UKMeasureComponent(dutyExpressionID: "02", amount: 5)], "/components/0/duty_expression_id"),
            ([UKMeasureComponent(dutyExpressionID: "01", amount: nil)], "/components/0/amount"),
        ]
        for (components, field) in cases {
            #expect(throws: PortunusError(.invalidDutyExpression, "", field: field)) { try DutyExpression(ukComponents: components) }
        }
    }

    @Test("random text never crashes either parser: each string reads or is refused with tariff.duty_expression")
    func randomText() {
        let pieces = [
            "0", "1", "7.5", "12.00", "1,000", " ", "%", "¢", "$", "/", "+", "-", "(", ")", "kg", "100 kg", "GBP", "EUR", "XYZ", "MAX", "MIN",
            "EA", "+ADSZ", "each", "on the case", "less", "but not less than", "Free", ",", "The duty provided in the applicable subheading",
            "% vol/hl", "<span>", "</span>", "&nbsp;", "\u{a0}", "1/3", "liter", "doz.", "m2of", "No change", "é", "\n",
        ]
        var generator = SplitMix64(seed: 24)
        var base = DutyBase(currency: Self.gbp, customsValue: 1000)
        for unit in [QuantityUnit.kilogram, .litre, .percentVolume, .item] { base.setQuantity(5, unit) }
        base.setExchangeRate(1, from: .eur)
        base.setReferencedDuty(10, for: .applicableSubheading)
        base.setReferencedDuty(1, for: .additionalDutyOnSugar)
        for _ in 0..<5_000 {
            let text = (0..<Int(generator.next() % 8)).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            for reader in 0..<2 {
                do {
                    let expression = try reader == 0 ? DutyExpression(htsRate: text) : DutyExpression(ukDutyExpression: text)
                    _ = try? expression.amount(base)
                } catch {
                    #expect(error.code == .invalidDutyExpression, "\(text.debugDescription): \(error)")
                    #expect((error.location?.byteOffset ?? -1) <= text.utf8.count, "\(text.debugDescription): \(error)")
                }
            }
        }
    }

    // MARK: Evaluation

    @Test("evaluation: MAX is the smaller, MIN the larger; quantities derive exactly from others; foreign amounts convert")
    func evaluation() throws {
        var base = DutyBase(currency: Self.gbp, customsValue: 1000)
        base.setQuantity(50, .kilogram)
        // 12 % of £1,000 = 120.00, but no more than 20.00 GBP per 100 kg × 0.5 = 10.00.
        #expect(try DutyExpression(ukDutyExpression: "12.00 % MAX 20.00 GBP / 100 kg").amount(base) == Money(FixedDecimal(10), Self.gbp))
        // 2 % + 1 EUR/100 kg = 20 + 0.5 EUR × 0.85 = 20.425, at least 30 EUR/100 kg = 15 EUR × 0.85 = 12.75: 20.425 → 20.43.
        base.setExchangeRate(Self.decimal("0.85"), from: .eur)
        #expect(
            try DutyExpression(ukDutyExpression: "2.00 % + 1.00 EUR / 100 kg MIN 30.00 EUR / 100 kg").amount(base)
                == Money(FixedDecimal("20.43")!, Self.gbp))
        // Tonnes from kilograms; hectolitres from litres; % vol/hl from % vol and litres; litres of pure alcohol.
        #expect(try DutyExpression(htsRate: "$3/t").evaluate(DutyBase.withQuantity(2500, .kilogram)) == Self.decimal("7.5"))
        var alcohol = DutyBase(currency: Self.gbp, customsValue: 0)
        alcohol.setQuantity(250, .litre)
        alcohol.setQuantity(Self.decimal("4.5"), .percentVolume)
        // 19.08 GBP × 4.5 % vol × 2.5 hl = 214.65; 28.74 GBP per litre of pure alcohol × 11.25 l = 323.325.
        #expect(try DutyExpression(ukDutyExpression: "19.08 GBP / % vol/hl").evaluate(alcohol) == Self.decimal("214.65"))
        #expect(try DutyExpression(ukDutyExpression: "28.74 GBP / l alc. 100%").evaluate(alcohol) == Self.decimal("323.325"))
        // A third of a percent: 33 1/3 % of $300 = $100.00; of $1 = 0.333… → $0.33.
        #expect(try DutyExpression(htsRate: "33 1/3%").amount(DutyBase(currency: .usd, customsValue: 300)) == Money(FixedDecimal(100), .usd))
        #expect(try DutyExpression(htsRate: "33 1/3%").amount(DutyBase(currency: .usd, customsValue: 1)) == Money(FixedDecimal("0.33")!, .usd))
        // What an expression needs, before anything is evaluated.
        let needs = try DutyExpression(ukDutyExpression: "16.50 % / Retail Price + 244.78 GBP / 1000 p/st MIN 1.00 EUR / kg + EA")
        #expect(needs.quantityUnits == [.item, .kilogram] && needs.valueBases == ["retail price"])
        #expect(needs.references == [.agriculturalComponent] && needs.currencies == [Self.gbp, .eur])
    }

    @Test("a missing input is refused, naming what is missing; never a silent zero")
    func missingInputs() throws {
        let base = DutyBase(currency: .usd, customsValue: 100)
        let cases: [(DutyExpression, String, String)] = [
            (try DutyExpression(htsRate: "2.2¢/kg on drained weight"), "/quantities", "kg (on drained weight)"),
            (try DutyExpression(htsRate: "5% on the case"), "/values", "case"),
            (try DutyExpression(ukDutyExpression: "1.00 EUR / kg"), "/quantities", "kg"),
            (try DutyExpression(htsRate: "The rate applicable to the natural juice in heading 2009"), "/referenced_duties", "natural juice"),
        ]
        for (expression, field, named) in cases {
            do {
                _ = try expression.evaluate(base)
                Issue.record("\(expression) evaluated without its input")
            } catch {
                #expect(error.code == .missingDutyInput && error.field == field && error.reason.contains(named), "\(error)")
            }
        }
        var withMass = base
        withMass.setQuantity(1, .kilogram)
        #expect(throws: PortunusError(.missingDutyInput, "", field: "/exchange_rates")) {
            try DutyExpression(ukDutyExpression: "1.00 EUR / kg").evaluate(withMass)
        }
    }

    @Test("rounding happens once, at the end: half up to the currency's minor unit by default, down where a measure says so")
    func rounding() throws {
        // 2.70 % of £1,260.89 = 34.04403 → £34.04; 7.5 % of ¥1,234 = 92.55 → ¥93; 1.5 % of 12.345 KWD = 0.185175 → 0.185.
        #expect(
            try DutyExpression.adValorem(Self.decimal("2.70")).amount(DutyBase(currency: Self.gbp, customsValue: Self.decimal("1260.89")))
                == Money(FixedDecimal("34.04")!, Self.gbp))
        let yen = Currency(unchecked: "JPY")
        #expect(try DutyExpression.adValorem(Self.decimal("7.5")).amount(DutyBase(currency: yen, customsValue: 1234)) == Money(FixedDecimal(93), yen))
        let dinar = Currency(unchecked: "KWD")
        #expect(
            try DutyExpression.adValorem(Self.decimal("1.5")).amount(DutyBase(currency: dinar, customsValue: Self.decimal("12.345")))
                == Money(FixedDecimal("0.185")!, dinar))
        // Summed exactly then rounded: 0.004 + 0.004 = 0.008 → 0.01, where rounding each would give 0.00.
        let sum = DutyExpression.sum([.adValorem(Self.decimal("0.4")), .adValorem(Self.decimal("0.4"))])
        #expect(try sum.amount(DutyBase(currency: .usd, customsValue: 1)) == Money(FixedDecimal("0.01")!, .usd))
        #expect(try sum.amount(DutyBase(currency: .usd, customsValue: 1), rounding: .down(.usd)) == Money(.zero, .usd))
    }
}

extension DutyBase {
    fileprivate static func withQuantity(_ amount: ExactDecimal, _ unit: QuantityUnit) -> DutyBase {
        var base = DutyBase(currency: .usd, customsValue: 0)
        base.setQuantity(amount, unit)
        return base
    }
}
