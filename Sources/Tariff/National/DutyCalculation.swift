import PortunusCore

/// The duties and taxes on a declaration: one line per measure applied to each goods item, and
/// the total due, in the national currency.
///
/// Each line's amount is rounded once, half up to the currency's minor unit (``DutyRounding``);
/// the VAT base includes the duties as rounded, since those are the amounts due; the total is
/// the sum of the lines.
public struct DutyCalculation: Sendable, Hashable {
    /// One tax line.
    public struct Line: Sendable, Hashable {
        /// The goods item, from 1.
        public var item: Int
        /// The measure's kind (`third_country`, `preferential`, `anti_dumping`, `excise`, `vat`, …).
        public var kind: TariffMeasure.Kind
        /// The measure applied.
        public var measure: String
        /// Its legal basis.
        public var basis: String
        /// The rate as the tariff writes it.
        public var rate: String
        /// The value the rate applies to (the customs value, or for VAT the value with the duties).
        public var base: Money
        public var amount: Money
        /// Why this line is what it is, when that is not plain (a preference claimed but not granted).
        public var note: String?

        public init(
            item: Int, kind: TariffMeasure.Kind, measure: String, basis: String, rate: String, base: Money, amount: Money, note: String? = nil
        ) {
            self.item = item
            self.kind = kind
            self.measure = measure
            self.basis = basis
            self.rate = rate
            self.base = base
            self.amount = amount
            self.note = note
        }
    }

    /// The day whose tariff and exchange rates were applied (the day of acceptance).
    public var day: CalendarDay
    public var currency: Currency
    public var lines: [Line]
    public var total: Money
    /// The exchange rates used, by currency: national units per unit.
    public var exchangeRates: [Currency: ExactDecimal]

    public init(day: CalendarDay, currency: Currency, lines: [Line], total: Money, exchangeRates: [Currency: ExactDecimal]) {
        self.day = day
        self.currency = currency
        self.lines = lines
        self.total = total
        self.exchangeRates = exchangeRates
    }
}
