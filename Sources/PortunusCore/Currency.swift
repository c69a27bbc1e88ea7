/// An ISO 4217 alphabetic currency code, such as `KRW` or `EUR`.
///
/// Customs values are declared in the invoice currency; validation keeps misspelt codes out
/// of the store so that later conversion and duty calculation never meet a currency they
/// cannot name. Codes withdrawn since 2020 (HRK, ANG, CUC, SLL, ZWL) stay accepted because
/// declarations lodged while they were current still use them.
public struct Currency: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let code: String

    public init(_ text: some StringProtocol, field: String = "/currency") throws(PortunusError) {
        let upper = text.utf8.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) ? String(text) : text.uppercased()
        guard Currency.known.contains(upper) else {
            let shown = upper.utf8.count <= 4 ? "'\(upper)'" : "of \(upper.count) characters"
            throw PortunusError(.unknownCurrency, "currency code \(shown) is not an ISO 4217 code", field: field)
        }
        self.code = upper
    }

    package init(unchecked code: String) { self.code = code }

    public var description: String { code }
    public static func < (lhs: Currency, rhs: Currency) -> Bool { lhs.code < rhs.code }

    public static let krw = Currency(unchecked: "KRW")
    public static let usd = Currency(unchecked: "USD")
    public static let eur = Currency(unchecked: "EUR")

    /// Active ISO 4217 codes (list one, 2025), funds and precious-metal codes, and the codes
    /// withdrawn since 2020.
    public static let known: Set<String> = [
        "AED", "AFN", "ALL", "AMD", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN",
        "BHD", "BIF", "BMD", "BND", "BOB", "BOV", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD",
        "CDF", "CHE", "CHF", "CHW", "CLF", "CLP", "CNY", "COP", "COU", "CRC", "CUP", "CVE", "CZK",
        "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS",
        "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD",
        "IRR", "ISK", "JMD", "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD",
        "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT",
        "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MXV", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK",
        "NPR", "NZD", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD",
        "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP",
        "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS",
        "UAH", "UGX", "USD", "USN", "UYI", "UYU", "UYW", "UZS", "VED", "VES", "VND", "VUV", "WST",
        "XAF", "XAG", "XAU", "XBA", "XBB", "XBC", "XBD", "XCD", "XCG", "XDR", "XOF", "XPD", "XPF",
        "XPT", "XSU", "XUA", "YER", "ZAR", "ZMW", "ZWG",
        // Withdrawn since 2020, still found in declarations lodged before.
        "HRK", "ANG", "CUC", "SLL", "ZWL",
    ]
}
