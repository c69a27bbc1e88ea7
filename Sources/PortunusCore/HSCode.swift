/// A Harmonized System commodity code: 6 digits (the international HS subheading), or 8 or
/// 10 digits (a national tariff line built on it).
///
/// Only the shape and the chapter (01–97) are checked here; whether a code exists in a given
/// HS edition is the tariff module's question. Files that stored the code as a number lose
/// the leading zero of chapters 01–09 (a 9-digit "HS10"); the import mapping can pad such
/// codes explicitly, this type never guesses.
public struct HSCode: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The digits, without dots or spaces.
    public let digits: String

    public init(_ text: some StringProtocol, field: String = "/hs_code") throws(PortunusError) {
        // Dots and spaces are presentation ("8471.30", "8471 30 00"), not part of the code.
        var digits: [UInt8] = []
        digits.reserveCapacity(10)
        for byte in text.utf8 where byte != UInt8(ascii: ".") && byte != UInt8(ascii: " ") {
            guard byte >= 0x30 && byte <= 0x39 else {
                throw PortunusError(.invalidHSCode, "HS code must contain digits only", field: field)
            }
            digits.append(byte)
        }
        let cleaned = String(decoding: digits, as: UTF8.self)
        let count = digits.count
        guard count == 6 || count == 8 || count == 10 else {
            throw PortunusError(.invalidHSCode, "HS code has \(count) digits; expected 6, 8 or 10", field: field)
        }
        let chapter = Int(digits[0] - 0x30) * 10 + Int(digits[1] - 0x30)
        guard (1...97).contains(chapter) else {
            throw PortunusError(.invalidHSCode, "HS chapter \(cleaned.prefix(2)) is outside 01–97", field: field)
        }
        self.digits = cleaned
    }

    package init(unchecked digits: String) { self.digits = digits }

    /// The 2-digit chapter, e.g. `84`.
    public var chapter: Substring { digits.prefix(2) }
    /// The 4-digit heading, e.g. `8471`.
    public var heading: Substring { digits.prefix(4) }
    /// The 6-digit international subheading, e.g. `847130`.
    public var subheading: Substring { digits.prefix(6) }

    public var description: String { digits }
    public static func < (lhs: HSCode, rhs: HSCode) -> Bool { lhs.digits < rhs.digits }
}
