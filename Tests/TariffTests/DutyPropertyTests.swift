import Foundation
import PortunusCore
import Testing

@testable import Tariff

/// Random compound, `MAX` and `MIN` expressions on random bases, from a fixed seed: the
/// evaluator must agree with a plain evaluation of the parts done apart from it — each term
/// computed with Foundation's `Decimal`, then added, the smaller taken for MAX, the larger for
/// MIN — and the expression must read back from its UK text and from its components.
@Suite("Duty expressions agree with a plain evaluation of their parts")
struct DutyPropertyTests {
    static let gbp = Currency(unchecked: "GBP")

    /// A term with its structured form and its plain value.
    struct Term {
        var expression: DutyExpression
        var component: UKMeasureComponent
        var value: Decimal
    }

    /// Draws decimals, units and terms from one generator.
    struct Draw {
        var generator: SplitMix64

        mutating func integer(_ range: ClosedRange<Int>) -> Int { Int(generator.next() % UInt64(range.count)) + range.lowerBound }

        /// A non-negative decimal below 10^digits with `scale` fraction digits, in both types.
        mutating func decimal(digits: Int, scale: Int) -> (ExactDecimal, Decimal) {
            let bound = (0..<(digits + scale)).reduce(1) { value, _ in value * 10 }
            let exact = ExactDecimal(significand: Int128(integer(0...(bound - 1))), scale: scale)!
            return (exact, Decimal(string: exact.description)!)
        }
    }

    /// The base's inputs, in both types.
    struct Inputs {
        var base: DutyBase
        var value: Decimal
        var kilograms: Decimal
        var litres: Decimal
        var items: Decimal
        var euroRate: Decimal
        var agricultural: Decimal
    }

    static func inputs(_ draw: inout Draw) -> Inputs {
        let (value, plainValue) = draw.decimal(digits: 7, scale: 2)
        var base = DutyBase(currency: gbp, customsValue: value)
        let (kilograms, plainKilograms) = draw.decimal(digits: 6, scale: 3)
        let (litres, plainLitres) = draw.decimal(digits: 5, scale: 2)
        let (items, plainItems) = draw.decimal(digits: 6, scale: 0)
        let (rate, plainRate) = draw.decimal(digits: 1, scale: 4)
        let (agricultural, plainAgricultural) = draw.decimal(digits: 4, scale: 2)
        base.setQuantity(kilograms, .kilogram)
        base.setQuantity(litres, .litre)  // hectolitres are derived
        base.setQuantity(items, .item)
        base.setExchangeRate(rate, from: .eur)
        base.setReferencedDuty(agricultural, for: .agriculturalComponent)
        return Inputs(
            base: base, value: plainValue, kilograms: plainKilograms, litres: plainLitres, items: plainItems, euroRate: plainRate,
            agricultural: plainAgricultural)
    }

    /// A random term: a percentage, an amount per kg, per 100 kg, per hl, per 1,000 items (in
    /// pounds or euros), or the agricultural component.
    static func term(_ draw: inout Draw, _ inputs: Inputs, id: String) -> Term {
        let kind = draw.integer(0...5)
        if kind == 0 {
            let (rate, plainRate) = draw.decimal(digits: 2, scale: 2)
            return Term(
                expression: .adValorem(rate), component: UKMeasureComponent(dutyExpressionID: id, amount: rate),
                value: inputs.value * plainRate / 100)
        }
        if kind == 5 {
            return Term(
                expression: .reference(.agriculturalComponent), component: UKMeasureComponent(dutyExpressionID: "12", amount: nil),
                value: inputs.agricultural)
        }
        let (amount, plainAmount) = draw.decimal(digits: 3, scale: 2)
        let euros = draw.integer(0...1) == 1
        let (code, count, unit, quantity): (String, Int, QuantityUnit, Decimal) =
            switch kind {
            case 1: ("KGM", 1, .kilogram, inputs.kilograms)
            case 2: ("DTN", 100, .kilogram, inputs.kilograms / 100)
            case 3: ("HLT", 1, .hectolitre, inputs.litres / 100)
            default: ("MIL", 1000, .item, inputs.items / 1000)
            }
        var value = plainAmount * quantity
        if euros { value *= inputs.euroRate }
        return Term(
            expression: .specific(amount: amount, currency: euros ? .eur : gbp, count: count, unit: unit),
            component: UKMeasureComponent(dutyExpressionID: id, amount: amount, monetaryUnit: euros ? "EUR" : "GBP", measurementUnit: code),
            value: value)
    }

    /// A sum of one to three terms, the first with `firstID` (01 to open, 15 or 17 after MIN or MAX).
    static func sum(_ draw: inout Draw, _ inputs: Inputs, firstID: String) -> (DutyExpression, [UKMeasureComponent], Decimal) {
        let count = draw.integer(1...3)
        var terms: [Term] = []
        for index in 0..<count { terms.append(term(&draw, inputs, id: index == 0 ? firstID : "04")) }
        // A Meursing reference opens no sum (EA is always "+ EA"): open with a percentage then.
        if case .reference = terms[0].expression {
            terms[0] = Term(
                expression: .adValorem(2), component: UKMeasureComponent(dutyExpressionID: firstID, amount: 2), value: inputs.value * 2 / 100)
        }
        let expression = terms.count == 1 ? terms[0].expression : .sum(terms.map(\.expression))
        return (expression, terms.map(\.component), terms.reduce(Decimal(0)) { $0 + $1.value })
    }

    @Test(
        "3,000 seeded cases: compound, MAX, MIN and MIN…MAX expressions equal the plain evaluation, exactly and rounded, and read back from text and components"
    )
    func agreeWithPlainEvaluation() throws {
        var draw = Draw(generator: SplitMix64(seed: 0x5EED_D07E))
        var shapes: [String: Int] = [:]
        for _ in 0..<3_000 {
            let inputs = Self.inputs(&draw)
            let (first, firstComponents, firstValue) = Self.sum(&draw, inputs, firstID: "01")
            let shape = ["compound", "MAX", "MIN", "MIN then MAX"][draw.integer(0...3)]
            shapes[shape, default: 0] += 1
            var expression = first
            var components = firstComponents
            var expected = firstValue
            if shape == "MAX" || shape == "MIN" || shape == "MIN then MAX" {
                let minimum = shape != "MAX"
                let (bound, boundComponents, boundValue) = Self.sum(&draw, inputs, firstID: minimum ? "15" : "17")
                expression = minimum ? .floor(expression, bound) : .ceiling(expression, bound)
                components += boundComponents
                expected = minimum ? max(expected, boundValue) : min(expected, boundValue)
            }
            if shape == "MIN then MAX" {
                let (ceiling, ceilingComponents, ceilingValue) = Self.sum(&draw, inputs, firstID: "17")
                expression = .ceiling(expression, ceiling)
                components += ceilingComponents
                expected = min(expected, ceilingValue)
            }
            let exact = try expression.evaluate(inputs.base)
            #expect(Decimal(string: exact.description) == expected, "\(expression): \(exact) against \(expected)")
            var plain = expected
            var rounded = Decimal()
            NSDecimalRound(&rounded, &plain, 2, .plain)
            #expect(try expression.amount(inputs.base).amount == FixedDecimal("\(rounded)"), "\(expression)")
            #expect(try DutyExpression(ukDutyExpression: expression.description) == expression, "\(expression)")
            #expect(try DutyExpression(ukComponents: components) == expression, "\(expression)")
        }
        #expect(shapes.values.allSatisfy { $0 > 600 }, "\(shapes)")
    }
}
