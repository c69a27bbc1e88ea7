import Foundation
import PortunusCore

/// The exchange rates customs converts values and specific duties with, by currency and period:
/// how many units of the national currency one unit of another is worth on a day.
///
/// Administrations publish them per period (the EU's rates are fixed monthly from the
/// second-to-last Wednesday of the month before, under Article 146 of the UCC Implementing
/// Regulation; HMRC publishes monthly rates; others weekly or daily). Portunus takes the table
/// as given and applies the rate in force on the day the declaration was accepted.
///
/// The table is CSV with the header `currency,from,through,rate`: ISO 4217 codes, days
/// `YYYY-MM-DD` (`through` blank while the period is open), and the rate as decimal text.
/// Loading is strict, as for ``VATRateTable``: a bad row or two overlapping periods of one
/// currency fail the whole table with `tariff.exchange_rates` and the line.
public struct ExchangeRateTable: Sendable, Hashable {
    /// One period of one currency's rate.
    public struct Period: Sendable, Hashable {
        public let currency: Currency
        public let from: CalendarDay
        /// The last day; nil while open.
        public let through: CalendarDay?
        /// Units of the national currency per unit of ``currency``.
        public let rate: ExactDecimal

        public init(currency: Currency, from: CalendarDay, through: CalendarDay?, rate: ExactDecimal) {
            self.currency = currency
            self.from = from
            self.through = through
            self.rate = rate
        }

        public func contains(_ day: CalendarDay) -> Bool { from <= day && through.map { day <= $0 } ?? true }
    }

    /// The national currency the rates convert into.
    public let currency: Currency
    /// Every period, sorted by currency and start.
    public let periods: [Period]
    private let byCurrency: [Currency: [Period]]

    /// A table from periods; throws `tariff.exchange_rates` when two periods of one currency
    /// overlap, a rate is not positive, or a period converts the national currency into itself.
    public init(currency: Currency, periods: [Period]) throws(PortunusError) {
        var byCurrency: [Currency: [Period]] = [:]
        for period in periods {
            guard period.currency != currency else {
                throw PortunusError(.invalidExchangeRates, "a rate from \(currency) into itself", field: "/currency")
            }
            guard !period.rate.isNegative, !period.rate.isZero else {
                throw PortunusError(.invalidExchangeRates, "a rate is positive", field: "/rate")
            }
            if let through = period.through, through < period.from {
                throw PortunusError(.invalidExchangeRates, "a period ends before it starts", field: "/through")
            }
            for other in byCurrency[period.currency] ?? [] where Self.overlap(other, period) {
                throw PortunusError(
                    .invalidExchangeRates, "the \(period.currency) period from \(period.from) overlaps the one from \(other.from)", field: "/from")
            }
            byCurrency[period.currency, default: []].append(period)
        }
        self.currency = currency
        let sorted = byCurrency.mapValues { $0.sorted { $0.from < $1.from } }
        self.byCurrency = sorted
        self.periods = sorted.keys.sorted().flatMap { sorted[$0] ?? [] }
    }

    /// Reads the CSV form (see the type's documentation) for a national currency.
    public init(currency: Currency, csv bytes: [UInt8]) throws(PortunusError) {
        guard bytes.count <= VATRateTable.maximumBytes else {
            throw PortunusError(.invalidExchangeRates, "the table is over \(VATRateTable.maximumBytes) bytes")
        }
        let reader = CSVReader(bytes: bytes)
        guard try reader.readRecord() else { throw PortunusError(.invalidExchangeRates, "the table is empty", location: .init(line: 1)) }
        var columns: [String: Int] = [:]
        for index in 0..<reader.record.count {
            columns[try reader.record.string(at: index).trimmingCharacters(in: .whitespaces).lowercased()] = index
        }
        for name in ["currency", "from", "through", "rate"] where columns[name] == nil {
            throw PortunusError(.invalidExchangeRates, "the header has no \(name) column", location: .init(line: 1, columnName: name))
        }
        var periods: [Period] = []
        var lines: [Int] = []
        while try reader.readRecord() {
            let record = reader.record
            func field(_ name: String) throws(PortunusError) -> String {
                guard let index = columns[name], index < record.count else {
                    throw PortunusError(.invalidExchangeRates, "the row has no \(name)", location: .init(line: record.line, columnName: name))
                }
                return try record.string(at: index).trimmingCharacters(in: .whitespaces)
            }
            func problem(_ reason: String, _ name: String) -> PortunusError {
                PortunusError(
                    .invalidExchangeRates, reason, location: .init(line: record.line, column: columns[name].map { $0 + 1 }, columnName: name))
            }
            guard let other = try? Currency(try field("currency")) else { throw problem("an ISO 4217 currency code was expected", "currency") }
            guard let from = CalendarDay(try field("from")) else { throw problem("a date YYYY-MM-DD was expected", "from") }
            let throughText = try field("through")
            let through: CalendarDay?
            if throughText.isEmpty {
                through = nil
            } else {
                guard let day = CalendarDay(throughText) else { throw problem("a date YYYY-MM-DD or nothing was expected", "through") }
                through = day
            }
            guard let rate = ExactDecimal(try field("rate")) else { throw problem("a decimal rate was expected", "rate") }
            periods.append(Period(currency: other, from: from, through: through, rate: rate))
            lines.append(record.line)
        }
        do {
            try self.init(currency: currency, periods: periods)
        } catch {
            // Name the line: find the first period that fails on its own or against the ones before it.
            var checked: [Period] = []
            for (period, line) in zip(periods, lines) {
                checked.append(period)
                if (try? ExchangeRateTable(currency: currency, periods: checked)) == nil {
                    throw PortunusError(.invalidExchangeRates, error.reason, location: .init(line: line))
                }
            }
            throw error
        }
    }

    private static func overlap(_ one: Period, _ other: Period) -> Bool {
        CalendarDay.periodsOverlap((one.from, one.through), (other.from, other.through))
    }

    /// Units of the national currency per unit of `other` on `day`: 1 for the national currency
    /// itself, nil when the table has no rate in force.
    public func rate(_ other: Currency, on day: CalendarDay) -> ExactDecimal? {
        if other == currency { return 1 }
        return byCurrency[other]?.last { $0.contains(day) }?.rate
    }

    /// The currencies with rates, sorted.
    public var currencies: [Currency] { byCurrency.keys.sorted() }
}
