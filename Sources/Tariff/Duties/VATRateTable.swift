import Foundation
import PortunusCore

/// The standard VAT rates of the EU member states by date, from a table of periods: which
/// rate was in force in a country on a day.
///
/// The table is CSV with the header `country_code,iso_3166_alpha2,country_name,effective_from,
/// effective_to,standard_rate_pct` — one row per period, dates `YYYY-MM-DD`, `effective_to` the
/// period's last day or blank while it is open, the rate in percent as decimal text ("25.5").
/// That is how Portunus ships Duty27's table (duty27.com, CC BY 4.0, reformatted as CSV).
/// A country is looked up by the EU's code (`EL` for Greece) or by ISO 3166-1 (`GR`).
///
/// Loading is strict: a missing column, a malformed country, date or rate, a period ending
/// before it starts, or two periods of one country that overlap fail the whole table with
/// `tariff.vat_rates` and the line — a tax table with one bad row is not one to charge from.
/// A day outside every period of a country (before the table starts) has no rate: the lookup
/// answers nil rather than guessing.
///
/// ```swift
/// let table = try VATRateTable(path: "eu_vat_standard_rates.csv")
/// table.rate(country: "DE", on: CalendarDay("2020-07-01")!)   // 16
/// ```
public struct VATRateTable: Sendable {
    /// One period of one country's standard rate.
    public struct Period: Sendable, Hashable {
        /// The EU's country code (`EL` for Greece).
        public let country: String
        /// ISO 3166-1 alpha-2 (`GR` for Greece).
        public let isoCountry: String
        public let name: String
        public let from: CalendarDay
        /// The last day of the period; nil while it is open.
        public let through: CalendarDay?
        /// The standard rate in percent.
        public let rate: ExactDecimal

        public func contains(_ day: CalendarDay) -> Bool { from <= day && through.map { day <= $0 } ?? true }
    }

    /// Every period, in the file's order.
    public let periods: [Period]
    /// Periods by either country code, sorted by start.
    private let byCountry: [String: [Period]]

    /// A table file is read whole; anything larger than this is not one.
    public static let maximumBytes = 4 << 20

    public init(path: String) throws(PortunusError) {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let size = attributes[.size] as? Int, size <= Self.maximumBytes, let data = FileManager.default.contents(atPath: path)
        else { throw PortunusError(.io, "cannot read the VAT rate table (missing, unreadable or over \(Self.maximumBytes) bytes)") }
        try self.init(csv: Array(data))
    }

    public init(csv bytes: [UInt8]) throws(PortunusError) {
        guard bytes.count <= Self.maximumBytes else { throw PortunusError(.invalidVATRates, "the table is over \(Self.maximumBytes) bytes") }
        let reader = CSVReader(bytes: bytes)
        guard try reader.readRecord() else { throw PortunusError(.invalidVATRates, "the table is empty", location: .init(line: 1)) }
        var columns: [String: Int] = [:]
        for index in 0..<reader.record.count {
            columns[try reader.record.string(at: index).trimmingCharacters(in: .whitespaces).lowercased()] = index
        }
        for name in Self.columns where columns[name] == nil {
            throw PortunusError(.invalidVATRates, "the header has no \(name) column", location: .init(line: reader.record.line, columnName: name))
        }
        var periods: [Period] = []
        var byCountry: [String: [Period]] = [:]
        while try reader.readRecord() {
            let record = reader.record
            func field(_ name: String) throws(PortunusError) -> String {
                guard let index = columns[name], index < record.count else {
                    throw PortunusError(.invalidVATRates, "the row has no \(name)", location: .init(line: record.line, columnName: name))
                }
                return try record.string(at: index).trimmingCharacters(in: .whitespaces)
            }
            func problem(_ reason: String, _ name: String) -> PortunusError {
                PortunusError(.invalidVATRates, reason, location: .init(line: record.line, column: columns[name].map { $0 + 1 }, columnName: name))
            }
            let country = try field("country_code")
            guard country.utf8.count == 2, country.utf8.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) else {
                throw problem("a country code of two capital letters was expected", "country_code")
            }
            let iso = try field("iso_3166_alpha2")
            guard Country.isKnown(iso) else { throw problem("not an ISO 3166-1 alpha-2 code", "iso_3166_alpha2") }
            guard let from = CalendarDay(try field("effective_from")) else { throw problem("a date YYYY-MM-DD was expected", "effective_from") }
            let toText = try field("effective_to")
            let through: CalendarDay?
            if toText.isEmpty {
                through = nil
            } else {
                guard let day = CalendarDay(toText) else { throw problem("a date YYYY-MM-DD or nothing was expected", "effective_to") }
                guard day >= from else { throw problem("the period ends before it starts", "effective_to") }
                through = day
            }
            guard let rate = ExactDecimal(try field("standard_rate_pct")), !rate.isNegative, rate <= 100 else {
                throw problem("a rate in percent between 0 and 100 was expected", "standard_rate_pct")
            }
            let period = Period(country: country, isoCountry: iso, name: try field("country_name"), from: from, through: through, rate: rate)
            for other in byCountry[country] ?? [] where Self.overlap(other, period) {
                throw problem("the period overlaps \(country)'s period from \(other.from)", "effective_from")
            }
            periods.append(period)
            byCountry[country, default: []].append(period)
            if iso != country { byCountry[iso, default: []].append(period) }
        }
        self.periods = periods
        self.byCountry = byCountry.mapValues { $0.sorted { $0.from < $1.from } }
    }

    private static let columns = ["country_code", "iso_3166_alpha2", "country_name", "effective_from", "effective_to", "standard_rate_pct"]

    private static func overlap(_ one: Period, _ other: Period) -> Bool {
        CalendarDay.periodsOverlap((one.from, one.through), (other.from, other.through))
    }

    /// The period of a country's standard rate in force on a day; nil when the table has none.
    public func period(country: String, on day: CalendarDay) -> Period? {
        byCountry[country.uppercased()]?.last { $0.contains(day) }
    }

    /// The standard rate in percent of a country on a day; nil when the table has none.
    public func rate(country: String, on day: CalendarDay) -> ExactDecimal? { period(country: country, on: day)?.rate }

    /// The countries of the table, by the EU's codes, sorted.
    public var countries: [String] { Set(periods.map(\.country)).sorted() }
}
