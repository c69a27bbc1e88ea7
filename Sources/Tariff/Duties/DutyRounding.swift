import PortunusCore

/// How a calculated duty becomes an amount due: to how many fraction digits, and which way.
///
/// Portunus rounds once, at the end of a calculation, never per step. The default is half up
/// (half away from zero) to the currency's ISO 4217 minor unit, as HMRC's duty calculator does
/// and as the Union Customs Code's rounding rules have it for amounts due; a measure whose law
/// says otherwise carries its own rule (UK alcohol duty and the small producer relief round
/// down to the penny).
public struct DutyRounding: Sendable, Hashable {
    /// Fraction digits kept (2 for pennies and cents, 0 for yen).
    public var fractionDigits: Int
    /// `.toNearestOrAwayFromZero` ("half up") or `.down` (toward minus infinity), usually.
    public var rule: FloatingPointRoundingRule

    public init(fractionDigits: Int, rule: FloatingPointRoundingRule) {
        self.fractionDigits = max(0, min(fractionDigits, FixedDecimal.scale))
        self.rule = rule
    }

    /// Half up to the currency's minor unit: the default.
    public static func halfUp(_ currency: Currency) -> DutyRounding {
        DutyRounding(fractionDigits: currency.minorUnitDigits, rule: .toNearestOrAwayFromZero)
    }

    /// Down to the currency's minor unit (UK alcohol duty).
    public static func down(_ currency: Currency) -> DutyRounding {
        DutyRounding(fractionDigits: currency.minorUnitDigits, rule: .down)
    }

    /// The exact amount rounded by this rule.
    public func rounded(_ amount: ExactDecimal) -> ExactDecimal { amount.rounded(toFractionDigits: fractionDigits, rule) }

    /// The exact amount rounded by this rule, as money; `number.too_large` beyond FixedDecimal's range.
    public func money(_ amount: ExactDecimal, _ currency: Currency) throws(PortunusError) -> Money {
        guard let fixed = rounded(amount).fixedDecimal() else { throw ExactDecimal.tooLarge }
        return Money(fixed, currency)
    }
}
