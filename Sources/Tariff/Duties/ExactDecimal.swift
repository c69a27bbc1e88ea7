import PortunusCore

/// An exact decimal for duty and tax arithmetic: a 128-bit significand and a count of
/// fraction digits (`significand × 10^-scale`).
///
/// Duties are products and sums of decimals in law — rates, amounts per unit, quantities,
/// exchange rates — and the result is rounded once, at the end. ``FixedDecimal`` keeps four
/// fraction digits, which holds every declared value but not the products a duty makes:
/// 2.70 % of £1,260.89 is 34.04403, and 20 % VAT on a base that includes it is 442.715806
/// (HMRC's calculator vectors round that, unrounded, to £442.72). Rounding each step to four
/// digits and again to pennies would round twice. Foundation's `Decimal` would be exact here
/// as well, but a step of three multiplications, two additions and a comparison took about 1 µs
/// on the 2-core machine (release build) against a few nanoseconds in 128-bit integers, and the
/// clearance issue asks for ≥ 200,000 calculations a second on top of everything else a clearance does.
///
/// Every operation is checked: a result that does not fit 128 bits, or that would need more
/// than ``maximumScale`` fraction digits, throws `number.too_large`; nothing traps. Equality and
/// ordering are by value (`1.50 == 1.5`); ``description`` keeps the digits as written
/// (`12.00`), so a tariff's amounts print as the tariff prints them.
///
/// ```swift
/// let duty = try ExactDecimal("1260.89")!.multiplied(by: ExactDecimal("0.027")!)   // 34.04403
/// duty.rounded(toFractionDigits: 2)                                                  // 34.04
/// ```
public struct ExactDecimal: Sendable, Hashable, Comparable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    /// The value times 10^scale.
    public let significand: Int128
    /// The number of fraction digits, 0 … ``maximumScale``.
    public let scale: Int

    /// The most fraction digits a value may have: far beyond any currency's minor unit, and
    /// small enough that aligning two values for a comparison always fits 128 bits.
    public static let maximumScale = 32

    public static let zero = ExactDecimal(unchecked: 0, scale: 0)

    /// A value from its parts; nil when the scale is outside 0 … ``maximumScale``.
    public init?(significand: Int128, scale: Int) {
        guard scale >= 0, scale <= Self.maximumScale else { return nil }
        self.init(unchecked: significand, scale: scale)
    }

    init(unchecked significand: Int128, scale: Int) {
        self.significand = significand
        self.scale = scale
    }

    public init(_ integer: Int) { self.init(unchecked: Int128(integer), scale: 0) }
    public init(integerLiteral value: Int) { self.init(value) }
    /// The same value as a ``FixedDecimal`` (four fraction digits).
    public init(_ fixed: FixedDecimal) { self.init(unchecked: Int128(fixed.scaledValue), scale: FixedDecimal.scale) }

    /// Parses plain decimal text: an optional sign, digits, an optional fraction (`-12.345`).
    /// Nil for anything else (exponents, separators, blanks) and for more than 38 digits or
    /// ``maximumScale`` fraction digits.
    public init?(_ text: some StringProtocol) {
        var significand: Int128 = 0
        var scale = 0
        var digits = 0
        var sawPoint = false
        var negative = false
        var index = 0
        for byte in text.utf8 {
            defer { index += 1 }
            if index == 0, byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") {
                negative = byte == UInt8(ascii: "-")
                continue
            }
            if byte == UInt8(ascii: "."), !sawPoint {
                sawPoint = true
                continue
            }
            guard byte >= 0x30, byte <= 0x39, digits < 38 else { return nil }
            significand = significand * 10 + Int128(byte - 0x30)
            digits += 1
            if sawPoint { scale += 1 }
        }
        guard digits > 0, scale <= Self.maximumScale else { return nil }
        self.init(unchecked: negative ? -significand : significand, scale: scale)
    }

    public var isZero: Bool { significand == 0 }
    public var isNegative: Bool { significand < 0 }

    // MARK: Arithmetic

    /// The sum, exactly.
    public func adding(_ other: ExactDecimal) throws(PortunusError) -> ExactDecimal {
        let (left, right, scale) = try Self.aligned(self, other)
        let (sum, overflow) = left.addingReportingOverflow(right)
        guard !overflow else { throw Self.tooLarge }
        return ExactDecimal(unchecked: sum, scale: scale)
    }

    /// The difference, exactly.
    public func subtracting(_ other: ExactDecimal) throws(PortunusError) -> ExactDecimal {
        let (left, right, scale) = try Self.aligned(self, other)
        let (difference, overflow) = left.subtractingReportingOverflow(right)
        guard !overflow else { throw Self.tooLarge }
        return ExactDecimal(unchecked: difference, scale: scale)
    }

    /// The product, exactly: the fraction digits add up (trailing zeros are dropped first
    /// when the product would not fit otherwise).
    public func multiplied(by other: ExactDecimal) throws(PortunusError) -> ExactDecimal {
        let (product, overflow) = significand.multipliedReportingOverflow(by: other.significand)
        if !overflow, scale + other.scale <= Self.maximumScale {
            return ExactDecimal(unchecked: product, scale: scale + other.scale)
        }
        let left = normalized
        let right = other.normalized
        let (retried, retriedOverflow) = left.significand.multipliedReportingOverflow(by: right.significand)
        guard !retriedOverflow, left.scale + right.scale <= Self.maximumScale else { throw Self.tooLarge }
        return ExactDecimal(unchecked: retried, scale: left.scale + right.scale)
    }

    /// The value divided by 10^exponent, exactly (a shift of the decimal point): per 100 kg,
    /// per cent, per thousand.
    public func dividedByPowerOfTen(_ exponent: Int) throws(PortunusError) -> ExactDecimal {
        guard exponent > 0 else { return self }
        if scale + exponent <= Self.maximumScale { return ExactDecimal(unchecked: significand, scale: scale + exponent) }
        let reduced = normalized
        guard reduced.scale + exponent <= Self.maximumScale else { throw Self.tooLarge }
        return ExactDecimal(unchecked: reduced.significand, scale: reduced.scale + exponent)
    }

    /// The value divided by an integer, rounded to `fractionDigits`: the one step that cannot
    /// be exact in decimals (a rate of 33 1/3 %). Callers keep enough digits that the final
    /// rounding to a minor unit cannot change.
    public func divided(
        by divisor: Int128, fractionDigits: Int, rounding: FloatingPointRoundingRule = .toNearestOrAwayFromZero
    ) throws(PortunusError) -> ExactDecimal {
        guard divisor != 0, fractionDigits >= scale, fractionDigits <= Self.maximumScale else { throw Self.tooLarge }
        let (widened, overflow) = significand.multipliedReportingOverflow(by: Self.power(fractionDigits - scale))
        guard !overflow else { throw Self.tooLarge }
        let (quotient, remainder) = widened.quotientAndRemainder(dividingBy: divisor)
        return ExactDecimal(unchecked: Self.adjust(quotient, remainder: remainder, divisor: divisor, rounding), scale: fractionDigits)
    }

    /// The value with its sign flipped.
    public func negated() throws(PortunusError) -> ExactDecimal {
        guard significand != .min else { throw Self.tooLarge }
        return ExactDecimal(unchecked: -significand, scale: scale)
    }

    /// The value rounded to `fractionDigits` (or unchanged when it has no more than that).
    /// The default rule is half away from zero ("half up" on amounts due, as HMRC's duty
    /// calculator and the Customs Union's rounding rule have it).
    public func rounded(toFractionDigits fractionDigits: Int, _ rule: FloatingPointRoundingRule = .toNearestOrAwayFromZero) -> ExactDecimal {
        let digits = max(0, fractionDigits)
        guard scale > digits else { return self }
        let divisor = Self.power(scale - digits)
        let (quotient, remainder) = significand.quotientAndRemainder(dividingBy: divisor)
        return ExactDecimal(unchecked: Self.adjust(quotient, remainder: remainder, divisor: divisor, rule), scale: digits)
    }

    /// The value as a ``FixedDecimal``, rounded to four fraction digits by `rule`; nil when it is
    /// beyond FixedDecimal's range.
    public func fixedDecimal(_ rule: FloatingPointRoundingRule = .toNearestOrAwayFromZero) -> FixedDecimal? {
        let rounded = rounded(toFractionDigits: FixedDecimal.scale, rule)
        let (scaled, overflow) = rounded.significand.multipliedReportingOverflow(by: Self.power(FixedDecimal.scale - rounded.scale))
        guard !overflow, let value = Int64(exactly: scaled) else { return nil }
        return FixedDecimal(scaledValue: value)
    }

    /// The same value without trailing fraction zeros (`12.500` → `12.5`).
    public var normalized: ExactDecimal {
        var value = significand
        var scale = self.scale
        while scale > 0, value % 10 == 0 {
            value /= 10
            scale -= 1
        }
        return ExactDecimal(unchecked: value, scale: scale)
    }

    // MARK: Comparison

    public static func == (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool { compare(lhs, rhs) == 0 }
    public static func < (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool { compare(lhs, rhs) < 0 }

    public func hash(into hasher: inout Hasher) {
        let value = normalized
        hasher.combine(value.significand)
        hasher.combine(value.scale)
    }

    /// -1, 0 or 1. Values whose alignment would overflow are compared by integer part, then by
    /// fraction (fractions have at most ``maximumScale`` digits, so aligning them always fits).
    static func compare(_ lhs: ExactDecimal, _ rhs: ExactDecimal) -> Int {
        if lhs.scale == rhs.scale { return lhs.significand < rhs.significand ? -1 : (lhs.significand == rhs.significand ? 0 : 1) }
        if let (left, right, _) = try? aligned(lhs, rhs) { return left < right ? -1 : (left == right ? 0 : 1) }
        let (leftWhole, leftFraction) = lhs.significand.quotientAndRemainder(dividingBy: power(lhs.scale))
        let (rightWhole, rightFraction) = rhs.significand.quotientAndRemainder(dividingBy: power(rhs.scale))
        if leftWhole != rightWhole { return leftWhole < rightWhole ? -1 : 1 }
        let scale = max(lhs.scale, rhs.scale)
        let left = leftFraction * power(scale - lhs.scale)
        let right = rightFraction * power(scale - rhs.scale)
        return left < right ? -1 : (left == right ? 0 : 1)
    }

    // MARK: Text

    /// The value in plain decimal notation with its own number of fraction digits.
    public var description: String {
        let magnitude = significand.magnitude
        let digits = String(magnitude)
        var text = significand < 0 ? "-" : ""
        if scale == 0 {
            text += digits
        } else if digits.count > scale {
            text += digits.dropLast(scale) + "." + digits.suffix(scale)
        } else {
            text += "0." + String(repeating: "0", count: scale - digits.count) + digits
        }
        return text
    }

    // MARK: Helpers

    static let tooLarge = PortunusError(.tooLarge, "a duty calculation went beyond 38 digits or \(maximumScale) fraction digits")

    /// 10^exponent for 0 … 38.
    static func power(_ exponent: Int) -> Int128 { powers[max(0, min(exponent, 38))] }

    private static let powers: [Int128] = {
        var powers: [Int128] = [1]
        for _ in 1...38 { powers.append(powers[powers.count - 1] * 10) }
        return powers
    }()

    /// Both significands at the larger scale.
    static func aligned(_ lhs: ExactDecimal, _ rhs: ExactDecimal) throws(PortunusError) -> (Int128, Int128, Int) {
        if lhs.scale == rhs.scale { return (lhs.significand, rhs.significand, lhs.scale) }
        if lhs.scale < rhs.scale {
            let (raised, overflow) = lhs.significand.multipliedReportingOverflow(by: power(rhs.scale - lhs.scale))
            guard !overflow else { throw Self.tooLarge }
            return (raised, rhs.significand, rhs.scale)
        }
        let (raised, overflow) = rhs.significand.multipliedReportingOverflow(by: power(lhs.scale - rhs.scale))
        guard !overflow else { throw Self.tooLarge }
        return (lhs.significand, raised, lhs.scale)
    }

    /// A truncated quotient adjusted by the rounding rule, from the remainder's sign and size.
    static func adjust(_ quotient: Int128, remainder: Int128, divisor: Int128, _ rule: FloatingPointRoundingRule) -> Int128 {
        guard remainder != 0 else { return quotient }
        // The sign of the exact result, which the truncated quotient loses when it is zero.
        let negative = (remainder < 0) != (divisor < 0)
        let step: Int128 = negative ? -1 : 1
        let twice = remainder.magnitude * 2
        switch rule {
        case .toNearestOrAwayFromZero: return twice >= divisor.magnitude ? quotient + step : quotient
        case .toNearestOrEven:
            if twice > divisor.magnitude || (twice == divisor.magnitude && quotient % 2 != 0) { return quotient + step }
            return quotient
        case .up: return negative ? quotient : quotient + 1
        case .down: return negative ? quotient - 1 : quotient
        case .towardZero: return quotient
        case .awayFromZero: return quotient + step
        @unknown default: return twice >= divisor.magnitude ? quotient + step : quotient
        }
    }
}
