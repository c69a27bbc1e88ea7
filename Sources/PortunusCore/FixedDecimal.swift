/// An exact decimal number with four fraction digits, stored as an integer count of
/// ten-thousandths.
///
/// Customs values, net masses and duty rates are decimals in law and on paper; binary
/// floating point would turn `5353.02` into `5353.0199999…` and make sums drift. Four
/// fraction digits hold every ISO 4217 minor unit (at most 4, `CLF`), a tenth of a gram and
/// a ten-thousandth of a percentage point. Input with more fraction digits — exports from
/// spreadsheets and pandas often carry float noise such as `372254.40000000002` — is rounded
/// half away from zero, which is the only rounding applied.
public struct FixedDecimal: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    /// The number of fraction digits kept.
    public static let scale = 4
    /// 10^scale.
    public static let unit: Int64 = 10_000

    /// The value times 10^4.
    public let scaledValue: Int64

    public init(scaledValue: Int64) { self.scaledValue = scaledValue }
    public init(_ integer: Int) { self.scaledValue = Int64(integer) * FixedDecimal.unit }

    public static let zero = FixedDecimal(scaledValue: 0)

    public var isNegative: Bool { scaledValue < 0 }
    public var isZero: Bool { scaledValue == 0 }
    /// The nearest `Double`, for statistics and model features (never for money arithmetic).
    public var doubleValue: Double { Double(scaledValue) / Double(FixedDecimal.unit) }

    /// Parses decimal text: optional sign, digits, optional fraction, optional exponent
    /// (`1.5e3`). Returns nil for anything else, including empty text and overflow.
    public init?(_ text: some StringProtocol) {
        var copy = String(text)
        guard let value = copy.withUTF8({ FixedDecimal(utf8: UnsafeRawBufferPointer($0)) }) else { return nil }
        self = value
    }

    /// Parses the ASCII bytes of a decimal number without allocating.
    public init?(utf8 bytes: UnsafeRawBufferPointer) {
        var index = 0
        let count = bytes.count
        // Trim surrounding blanks, which spreadsheet exports add.
        var end = count
        while index < end, bytes[index] == 0x20 { index += 1 }
        while end > index, bytes[end - 1] == 0x20 { end -= 1 }
        guard index < end else { return nil }
        var negative = false
        if bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        // Collect significant digits into a mantissa with a decimal exponent.
        var mantissa: UInt64 = 0
        var exponent = 0
        var digitCount = 0
        var sawPoint = false
        var firstDropped: UInt8? = nil
        while index < end {
            let byte = bytes[index]
            if byte >= 0x30 && byte <= 0x39 {
                digitCount += 1
                let digit = UInt64(byte - 0x30)
                if mantissa < 100_000_000_000_000_000 {
                    mantissa = mantissa * 10 + digit
                    if sawPoint { exponent -= 1 }
                } else {
                    // Beyond 18 significant digits: remember for rounding, shift the exponent.
                    if firstDropped == nil { firstDropped = UInt8(digit) }
                    if !sawPoint { exponent += 1 }
                }
            } else if byte == UInt8(ascii: "."), !sawPoint {
                sawPoint = true
            } else {
                break
            }
            index += 1
        }
        guard digitCount > 0 else { return nil }
        if index < end {
            guard bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") else { return nil }
            index += 1
            var exponentNegative = false
            if index < end, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            var value = 0
            var exponentDigits = 0
            while index < end, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                value = min(value * 10 + Int(bytes[index] - 0x30), 10_000)
                exponentDigits += 1
                index += 1
            }
            guard exponentDigits > 0, index == end else { return nil }
            exponent += exponentNegative ? -value : value
        }
        // Bring to scale 4: value = mantissa × 10^(exponent + 4).
        var shift = exponent + FixedDecimal.scale
        var result = mantissa
        if shift >= 0 {
            while shift > 0 {
                guard result <= UInt64(Int64.max) / 10 else { return nil }
                result *= 10
                shift -= 1
            }
            // Any digits dropped beyond 18 significant ones make the value too large for 10^-4 precision.
            if firstDropped != nil, result != 0 { return nil }
        } else {
            // The last digit shifted out decides the rounding; digits further right cannot
            // change a half-away-from-zero result.
            var roundDigit = UInt64(firstDropped ?? 0)
            while shift < 0 {
                if result == 0 && roundDigit == 0 { break }
                roundDigit = result % 10
                result /= 10
                shift += 1
            }
            if roundDigit >= 5 { result += 1 }  // half away from zero
        }
        guard result <= UInt64(Int64.max) else { return nil }
        self.scaledValue = negative ? -Int64(result) : Int64(result)
    }

    public var description: String { Self.text(scaled: scaledValue) }

    /// A value times 10^4 as decimal text: the shortest fraction, no exponent.
    static func text<Scaled: BinaryInteger>(scaled: Scaled) -> String {
        let magnitude = scaled.magnitude
        let unit = Scaled.Magnitude(FixedDecimal.unit)
        var fraction = Int(magnitude % unit)
        var text = (scaled < 0 ? "-" : "") + String(magnitude / unit)
        if fraction != 0 {
            var digits = 4
            while fraction % 10 == 0 {
                fraction /= 10
                digits -= 1
            }
            let fractionText = String(fraction)
            text += "." + String(repeating: "0", count: digits - fractionText.count) + fractionText
        }
        return text
    }

    public static func < (lhs: FixedDecimal, rhs: FixedDecimal) -> Bool { lhs.scaledValue < rhs.scaledValue }

    /// A sum of many decimals, in 128 bits: the door keeps each amount below 10^13, but a
    /// store's total over millions of items does not fit 64 bits (922 trillion at four
    /// fraction digits), and a total that traps or wraps would stop every status page.
    public struct Total: Hashable, Sendable, CustomStringConvertible {
        /// The sum times 10^4.
        public var scaledValue: Int128

        public init(scaledValue: Int128 = 0) { self.scaledValue = scaledValue }

        public var description: String { FixedDecimal.text(scaled: scaledValue) }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            guard let value = FixedDecimal(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a decimal number")
            }
            self = value
        } else {
            let number = try container.decode(Double.self)
            guard let value = FixedDecimal(String(number)) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "number out of range")
            }
            self = value
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
