import Foundation

/// What the door lets in: the one place per kind of value that says what a value from
/// outside (a trader's declaration, a tracker's fix, a partner's ledger entry) must satisfy
/// before anything stores it.
///
/// Portunus's rule is that nothing stored can crash a later read. A time of `1e300` seconds
/// or `NaN` passes JSON's grammar but not a calendar; an amount of 922 trillion fits an
/// `Int64` alone but not the sum of two. So times must lie between ``earliest`` and
/// ``futureSkew`` past the receiving clock, numbers must be finite, identifiers are short
/// ASCII tokens, and amounts stay below maxima chosen so that the sums and products the
/// platform computes over them cannot overflow. The formatters behind the door are total as
/// well (``ISO8601/format(_:)`` clamps, `Int(saturating:)` never traps), so a value that
/// slipped in by another path is shown wrongly rather than stopping the process.
///
/// ```swift
/// let limits = InputLimits()
/// let time = try limits.time(reportedAt, now: Date(), field: "/0/time")
/// let office = try InputLimits.identifier(text, field: "/office")
/// ```
public struct InputLimits: Sendable, Hashable {
    /// The earliest time accepted: the Unix epoch. Nothing Portunus receives describes an
    /// event before 1970, and the stores and the ledger keep seconds since it.
    public var earliest = Date(timeIntervalSince1970: 0)
    /// How far past the receiving clock a time may lie: device clocks drift and offices sit in
    /// every time zone, so a day; anything later is a wrong clock or a crafted value.
    public var futureSkew: TimeInterval = 86_400

    /// The largest customs value of one goods item, in units of its currency: ten trillion,
    /// enough for a ship invoiced in a currency of small units (VND, IDR), and small enough
    /// that 999 items sum within the store's 128-bit totals and a `Double` without loss of
    /// the units.
    public static let maximumCustomsValue = FixedDecimal(scaledValue: 10_000_000_000_000 * FixedDecimal.unit)
    /// The largest net mass of one goods item: a billion kilograms (the largest bulk carriers
    /// load 400,000 tonnes).
    public static let maximumNetMass = FixedDecimal(scaledValue: 1_000_000_000 * FixedDecimal.unit)
    /// The largest duty rate: 10,000 % (the highest tariff-rate-quota rates are in the
    /// hundreds).
    public static let maximumDutyRate = FixedDecimal(scaledValue: 10_000 * FixedDecimal.unit)
    /// Goods items in one declaration: 999, the limit of the EU's and Korea's declarations.
    public static let maximumItems = 999
    /// Identifiers: declaration ids, offices, parties, devices, seals, references.
    public static let maximumIdentifierLength = 64

    public init() {}

    public init(earliest: Date = Date(timeIntervalSince1970: 0), futureSkew: TimeInterval = 86_400) {
        self.earliest = earliest
        self.futureSkew = futureSkew
    }

    /// The standard limits.
    public static let standard = InputLimits()

    /// A time that lies between ``earliest`` and `now` plus ``futureSkew``.
    @discardableResult
    public func time(_ date: Date, now: Date, field: String?) throws(PortunusError) -> Date {
        let seconds = date.timeIntervalSince1970
        guard seconds.isFinite, seconds >= earliest.timeIntervalSince1970, seconds <= now.timeIntervalSince1970 + futureSkew else {
            throw PortunusError(
                .implausibleTime, "the time is before 1970 or more than \(Int(saturating: futureSkew / 3600)) h ahead of the receiving clock",
                field: field)
        }
        return date
    }

    /// Whether a time is accepted, for callers that refuse item by item.
    public func accepts(_ date: Date, now: Date) -> Bool {
        (try? time(date, now: now, field: nil)) != nil
    }

    /// A finite number within `range`.
    public static func number(_ value: Double, in range: ClosedRange<Double>, field: String?) throws(PortunusError) -> Double {
        guard value.isFinite, range.contains(value) else {
            throw PortunusError(.invalidNumber, "a finite number from \(range.lowerBound) to \(range.upperBound) is required", field: field)
        }
        return value
    }

    /// An identifier: 1 to `maximumLength` ASCII letters, digits and `-_.:`. Such a value can
    /// go into a URL path, a file name, a log field and a CSV cell unchanged, and read back.
    @discardableResult
    public static func identifier(_ text: some StringProtocol, field: String?, maximumLength: Int = maximumIdentifierLength) throws(PortunusError)
        -> String
    {
        guard isIdentifier(text, maximumLength: maximumLength) else {
            throw PortunusError(.invalidIdentifier, "1 to \(maximumLength) letters, digits and - _ . : are allowed", field: field)
        }
        return String(text)
    }

    public static func isIdentifier(_ text: some StringProtocol, maximumLength: Int = maximumIdentifierLength) -> Bool {
        let bytes = text.utf8
        return !bytes.isEmpty && bytes.count <= maximumLength && bytes.allSatisfy(isIdentifierByte)
    }

    static func isIdentifierByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"): true
        default: false
        }
    }
}

extension Int {
    /// The integer part of `value`, clamped to `Int`'s range; NaN gives 0. `Int(Double)` traps
    /// on both, and a formatter must not.
    public init(saturating value: Double) {
        if value.isNaN {
            self = 0
        } else if value >= 9.223_372_036_854_775e18 {
            self = .max
        } else if value <= -9.223_372_036_854_775e18 {
            self = .min
        } else {
            self = Int(value)
        }
    }
}

extension Int64 {
    /// The integer part of `value`, clamped to `Int64`'s range; NaN gives 0.
    public init(saturating value: Double) {
        self = Int64(Int(saturating: value))
    }
}
