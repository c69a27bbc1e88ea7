import PortunusCore

extension DutyExpression {
    /// The duty on `base`, exact and unrounded, in the base's currency.
    ///
    /// Every step is exact decimal arithmetic (``ExactDecimal``): a percentage is value × rate /
    /// 100, a specific duty amount × quantity / count, converted at the base's exchange rate
    /// when its currency is another; sums, differences, `MAX` (the smaller) and `MIN` (the
    /// larger) combine those. The one inexact step is a rate with a common fraction (33 1/3 %),
    /// divided to 16 fraction digits. A result below zero (a minus term larger than the rest)
    /// is returned as it is: it is a tariff's error for an officer to see, not a refund.
    ///
    /// Throws `tariff.duty_input` naming the quantity, value, exchange rate or referenced
    /// duty the base lacks, and `number.too_large` if a product leaves 128 bits.
    public func evaluate(_ base: DutyBase) throws(PortunusError) -> ExactDecimal {
        switch self {
        case .free:
            return .zero
        case .adValorem(let rate, let name):
            return try rate.applied(to: base.value(named: name))
        case .specific(let amount, let currency, let count, let unit):
            var duty = try amount.multiplied(by: base.quantity(unit))
            if count != 1 {
                guard let exponent = Self.powerOfTenExponent(count) else {
                    throw PortunusError(.invalidDutyExpression, "a specific duty per \(count) units: the count must be a power of ten")
                }
                duty = try duty.dividedByPowerOfTen(exponent)
            }
            return try base.converted(duty, from: currency)
        case .sum(let terms):
            var total = ExactDecimal.zero
            for term in terms { total = try total.adding(term.evaluate(base)) }
            return total
        case .difference(let left, let right):
            return try left.evaluate(base).subtracting(right.evaluate(base))
        case .ceiling(let duty, let ceiling):
            return try Swift.min(duty.evaluate(base), ceiling.evaluate(base))
        case .floor(let duty, let floor):
            return try Swift.max(duty.evaluate(base), floor.evaluate(base))
        case .reference(let reference):
            return try base.referencedDuty(reference)
        case .annotated(let inner, _):
            return try inner.evaluate(base)
        }
    }

    /// The duty on `base` as money: ``evaluate(_:)`` rounded once, at the end, by `rounding` —
    /// by default half up (half away from zero) to the minor unit of the base's currency
    /// (pennies, cents; none for yen and won), which is what HMRC's calculator vectors expect
    /// (442.715806 → £442.72). A measure whose law rounds otherwise (UK alcohol duty rounds
    /// down: £2.789 → £2.78) passes its own rule. Sums of several duties (duty, excise and VAT
    /// on one item) should add the exact amounts and round the total the same way once.
    public func amount(_ base: DutyBase, rounding: DutyRounding? = nil) throws(PortunusError) -> Money {
        try (rounding ?? DutyRounding.halfUp(base.currency)).money(evaluate(base), base.currency)
    }

    /// n for 10^n (1, 10, 100, …), nil for any other count.
    static func powerOfTenExponent(_ count: Int) -> Int? {
        guard count > 0 else { return nil }
        var value = count
        var exponent = 0
        while value % 10 == 0 {
            value /= 10
            exponent += 1
        }
        return value == 1 ? exponent : nil
    }
}
