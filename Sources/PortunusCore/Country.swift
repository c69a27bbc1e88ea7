/// A country or territory as trade data names it: an ISO 3166-1 alpha-2 code.
///
/// Trade data (declarations, manifests, certificates of origin) uses the two-letter codes of
/// ISO 3166-1. The user-assigned codes (`AA`, `QM`–`QZ`, `XA`–`XZ`, `ZZ`) are accepted too:
/// traders and customs systems use them for "unknown" or "not applicable", so they are
/// valid input whose ``isUserAssigned`` flag says it names no real country. Any other code
/// is rejected. Travel documents use ICAO 9303's three-letter codes, which are a different
/// type (they include codes such as `D` for Germany and `UNO`), never this one.
///
/// ```swift
/// let origin = try Country("cn")        // CN
/// Country.isKnown("QQ")                  // true, user-assigned
/// ```
public struct Country: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The upper-case alpha-2 code.
    public let code: String

    /// Parses a two-letter code, case-insensitively.
    public init(_ text: some StringProtocol, field: String = "/country") throws(PortunusError) {
        let upper = text.utf8.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) ? String(text) : text.uppercased()
        guard upper.utf8.count == 2, Country.isKnown(upper) else {
            let shown = upper.utf8.count <= 3 ? "'\(upper)'" : "of \(upper.count) characters"
            throw PortunusError(.unknownCountry, "country code \(shown) is not an ISO 3166-1 alpha-2 code", field: field)
        }
        self.code = upper
    }

    package init(unchecked code: String) { self.code = code }

    /// True for the user-assigned codes that mean "unknown" rather than a real country.
    public var isUserAssigned: Bool { Country.isUserAssigned(code) }

    public var description: String { code }
    public static func < (lhs: Country, rhs: Country) -> Bool { lhs.code < rhs.code }

    /// True when `code` (upper-case, two letters) is an assigned or user-assigned code.
    public static func isKnown(_ code: String) -> Bool {
        assigned.contains(code) || isUserAssigned(code)
    }

    /// ISO 3166-1 §8.1.3: AA, QM–QZ, XA–XZ and ZZ are reserved for users.
    public static func isUserAssigned(_ code: String) -> Bool {
        let bytes = Array(code.utf8)
        guard bytes.count == 2 else { return false }
        let (first, second) = (bytes[0], bytes[1])
        switch (first, second) {
        case (UInt8(ascii: "A"), UInt8(ascii: "A")), (UInt8(ascii: "Z"), UInt8(ascii: "Z")): return true
        case (UInt8(ascii: "Q"), UInt8(ascii: "M")...UInt8(ascii: "Z")): return true
        case (UInt8(ascii: "X"), UInt8(ascii: "A")...UInt8(ascii: "Z")): return true
        default: return false
        }
    }

    /// The 249 officially assigned ISO 3166-1 alpha-2 codes.
    public static let assigned: Set<String> = [
        "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
        "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
        "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
        "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
        "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
        "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
        "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
        "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
        "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
        "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
        "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
        "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
        "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
        "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
        "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
        "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
    ]
}
