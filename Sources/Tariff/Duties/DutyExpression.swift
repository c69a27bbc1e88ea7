import PortunusCore

/// A duty as a tariff writes it: free, ad valorem, specific per unit of quantity, the sum or
/// difference of such terms, a ceiling (`MAX`) or floor (`MIN`), or a reference to a duty
/// stated elsewhere — the forms of the UK Trade Tariff's duty expressions, the EU's TARIC
/// measure components and the US HTS rate columns.
///
/// An expression is a value: parse it once when a tariff is loaded
/// (``init(htsRate:field:)``, ``init(ukDutyExpression:field:)``, ``init(ukComponents:)``), keep
/// it in the measure that carries it (with its dates, origin and additional code), and
/// evaluate it for each goods item (``evaluate(_:)``, ``amount(_:rounding:)``). Evaluation never
/// parses and allocates nothing.
///
/// `MAX` and `MIN` bind more loosely than `+` and `-`, and group from the left, as the EU's
/// combined expressions and HMRC's calculator read them: "a % + b EUR / 100 kg MAX c % + d EUR /
/// 100 kg" is the smaller of the two sums, "x MIN y MAX z" is x held between y and z.
///
/// ```swift
/// let duty = try DutyExpression(htsRate: "$1.89/kg + 4.7%")
/// var base = DutyBase(currency: .usd, customsValue: 1000)
/// base.setQuantity(10, .kilogram)
/// try duty.amount(base)            // 65.90 USD: 1.89 × 10 + 4.7 % × 1,000
/// ```
public indirect enum DutyExpression: Sendable, Hashable, CustomStringConvertible {
    /// No duty.
    case free
    /// A percentage of a value: the customs value when `of` is nil, else the value the tariff
    /// names ("retail price", "the case", "the value of the lead content").
    case adValorem(Percentage, of: String?)
    /// An amount per `count` units of a quantity: 4.4 ¢ per kg, 147.00 GBP per 100 kg, 10 ¢ per
    /// 1,000 pins. `count` is a power of ten (1, 100, 1,000, …), so the division is exact.
    case specific(amount: ExactDecimal, currency: Currency, count: Int, unit: QuantityUnit)
    /// Terms added up: "30.5¢/kg + 8.5%".
    case sum([DutyExpression])
    /// The first less the second: "… less 0.020668¢/kg for each degree under 100 degrees",
    /// the EU's "minus" components.
    case difference(DutyExpression, DutyExpression)
    /// `MAX`: the duty, but no more than the ceiling — the smaller of the two.
    case ceiling(DutyExpression, DutyExpression)
    /// `MIN`: the duty, but no less than the floor — the larger of the two.
    case floor(DutyExpression, DutyExpression)
    /// A duty stated elsewhere, whose amount the calculation is given.
    case reference(DutyReference)
    /// An expression with the condition or remark the tariff attaches to it, in its words
    /// ("Free, under bond, as prescribed in U.S. note 2 …"). The note is kept for the officer;
    /// the evaluation is the expression's.
    case annotated(DutyExpression, note: String)

    /// A percentage of the customs value.
    public static func adValorem(_ percent: ExactDecimal) -> DutyExpression { .adValorem(Percentage(percent), of: nil) }

    /// An amount per unit (count 1).
    public static func specific(_ amount: ExactDecimal, _ currency: Currency, per unit: QuantityUnit) -> DutyExpression {
        .specific(amount: amount, currency: currency, count: 1, unit: unit)
    }

    // MARK: What a calculation needs

    /// The quantities the expression charges on, in order of first use.
    public var quantityUnits: [QuantityUnit] {
        var units: [QuantityUnit] = []
        visit { if case .specific(_, _, _, let unit) = $0, !units.contains(unit) { units.append(unit) } }
        return units
    }

    /// The values other than the customs value that percentages apply to ("retail price").
    public var valueBases: [String] {
        var names: [String] = []
        visit { if case .adValorem(_, let name?) = $0, !names.contains(name) { names.append(name) } }
        return names
    }

    /// The duties stated elsewhere that the calculation must be given.
    public var references: [DutyReference] {
        var references: [DutyReference] = []
        visit { if case .reference(let reference) = $0, !references.contains(reference) { references.append(reference) } }
        return references
    }

    /// The currencies of its specific amounts, each of which needs an exchange rate unless it
    /// is the calculation's own.
    public var currencies: [Currency] {
        var currencies: [Currency] = []
        visit { if case .specific(_, let currency, _, _) = $0, !currencies.contains(currency) { currencies.append(currency) } }
        return currencies
    }

    /// Calls `body` on this expression and every expression inside it, depth first.
    public func visit(_ body: (DutyExpression) -> Void) {
        body(self)
        switch self {
        case .free, .adValorem, .specific, .reference: break
        case .sum(let terms): for term in terms { term.visit(body) }
        case .difference(let left, let right), .ceiling(let left, let right), .floor(let left, let right):
            left.visit(body)
            right.visit(body)
        case .annotated(let inner, _): inner.visit(body)
        }
    }

    // MARK: Text

    /// The expression in the UK Trade Tariff's notation (`12.00 % + 147.00 GBP / 100 kg MAX
    /// 20.00 %`), with parentheses where the grouping differs from the reading order.
    /// ``init(ukDutyExpression:field:)`` reads back what this writes, except references in
    /// words, notes and named value bases, which that notation does not have.
    public var description: String { text(minimumPrecedence: 0) }

    /// 0: MAX/MIN, 1: + and -, 2: a term.
    private var precedence: Int {
        switch self {
        case .ceiling, .floor: 0
        case .sum, .difference: 1
        case .free, .adValorem, .specific, .reference, .annotated: 2
        }
    }

    private func text(minimumPrecedence: Int) -> String {
        let body: String
        switch self {
        case .free: body = "Free"
        case .adValorem(let rate, nil): body = "\(rate) %"
        case .adValorem(let rate, let name?): body = "\(rate) % of \(name)"
        case .specific(let amount, let currency, let count, let unit):
            body = "\(amount) \(currency) / " + Self.unitText(count: count, unit: unit)
        case .sum(let terms):
            body = terms.enumerated().map { $0.offset == 0 ? $0.element.text(minimumPrecedence: 1) : $0.element.text(minimumPrecedence: 2) }
                .joined(separator: " + ")
        case .difference(let left, let right): body = left.text(minimumPrecedence: 1) + " - " + right.text(minimumPrecedence: 2)
        case .ceiling(let left, let right): body = left.text(minimumPrecedence: 0) + " MAX " + right.text(minimumPrecedence: 1)
        case .floor(let left, let right): body = left.text(minimumPrecedence: 0) + " MIN " + right.text(minimumPrecedence: 1)
        case .reference(let reference): body = reference.wording
        case .annotated(let inner, let note): body = inner.text(minimumPrecedence: 2) + " (\(note))"
        }
        return precedence < minimumPrecedence ? "(" + body + ")" : body
    }

    /// A unit as the UK Trade Tariff abbreviates it ("100 kg", "1000 kg/biodiesel", "p/st"), or
    /// its count and name when the Tariff has no abbreviation for it.
    private static func unitText(count: Int, unit: QuantityUnit) -> String {
        if let entry = UKMeasurementUnits.entries.first(where: { $0.count == count && $0.unit == unit && $0.code != "SPQ" && $0.code != "SPR" }) {
            return entry.abbreviation
        }
        return (count == 1 ? "" : "\(count) ") + unit.description
    }
}
