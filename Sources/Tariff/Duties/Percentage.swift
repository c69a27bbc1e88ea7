import PortunusCore

/// An ad valorem rate in percent as a tariff writes it: a decimal (`6.5`, `25.5`), or a
/// decimal and a common fraction (`33 1/3`, which column 2 of the US schedule uses).
public struct Percentage: Sendable, Hashable, CustomStringConvertible {
    /// The decimal part, in percent.
    public let value: ExactDecimal
    /// The common fraction added to ``value`` (`1/3`), if the tariff writes one.
    public let fraction: Fraction?

    /// A common fraction of a percent: numerator and denominator, both positive.
    public struct Fraction: Sendable, Hashable {
        public let numerator: Int
        public let denominator: Int
    }

    public init(_ value: ExactDecimal) {
        self.value = value
        self.fraction = nil
    }

    /// A rate with a fraction; nil unless both parts of the fraction are positive.
    public init?(_ value: ExactDecimal, numerator: Int, denominator: Int) {
        guard numerator > 0, denominator > 0 else { return nil }
        self.value = value
        self.fraction = Fraction(numerator: numerator, denominator: denominator)
    }

    public var description: String {
        guard let fraction else { return value.description }
        return "\(value) \(fraction.numerator)/\(fraction.denominator)"
    }

    /// Fraction digits kept when a common fraction divides: enough that the final rounding to a
    /// minor unit cannot differ from the exact result's (a value with four fraction digits
    /// times a third is never within 10^-12 of a half cent without being on it).
    static let fractionDigits = 16

    /// The rate applied to an amount: amount × rate / 100.
    func applied(to amount: ExactDecimal) throws(PortunusError) -> ExactDecimal {
        let decimal = try amount.multiplied(by: value).dividedByPowerOfTen(2)
        guard let fraction else { return decimal }
        let scaled = try amount.multiplied(by: ExactDecimal(fraction.numerator))
        let part = try scaled.divided(by: Int128(fraction.denominator) * 100, fractionDigits: max(Self.fractionDigits, scaled.scale))
        return try decimal.adding(part)
    }
}
