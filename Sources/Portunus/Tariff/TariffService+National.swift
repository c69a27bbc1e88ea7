import Foundation
import PortunusCore
import Storage
import Tariff

extension TariffService {
    /// What loading a national tariff file did: what it holds, what was stored, what was left out.
    public struct NationalTariffReport: Sendable, Encodable {
        public var source: String
        public var currency: String
        public var measures: Int
        public var lines: Int
        /// What the file holds that is not applied, with the reason, count and one example each.
        public var skipped: [String]
    }

    /// Stores a national tariff file's measures and lines (replacing those of its source), for
    /// administrators. The first file or rate table sets the national currency.
    public func loadNationalTariff(_ file: NationalTariffFile, by principal: Principal) throws(PortunusError) -> NationalTariffReport {
        try AccessPolicy.require(.manageTariff, principal)
        let stored = try store.tariff.replaceNationalTariff(file, by: principal.keyID)
        return NationalTariffReport(
            source: file.source, currency: file.currency.code, measures: stored.measures, lines: stored.lines,
            skipped: file.skipped.map(\.description))
    }

    /// Replaces the exchange-rate table, for administrators.
    public func loadExchangeRates(_ table: ExchangeRateTable, by principal: Principal) throws(PortunusError) {
        try AccessPolicy.require(.manageTariff, principal)
        try store.tariff.replaceExchangeRates(table, by: principal.keyID)
    }

    /// The national tariff's measures on a code and above it (and of one kind), for whoever may
    /// read the tariff.
    public func nationalMeasures(code: String?, kind: TariffMeasure.Kind?, limit: Int, by principal: Principal) throws(PortunusError)
        -> [TariffMeasure]
    {
        try AccessPolicy.require(.readTariff, principal)
        if let code, code.utf8.count > 10 || !code.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            throw PortunusError(.invalidHSCode, "a code is up to 10 digits", field: "code")
        }
        return try store.tariff.measures(code: code, kind: kind, limit: limit)
    }

    /// The national tariff's lines under a code, for whoever may read the tariff.
    public func nationalLines(under code: String, limit: Int, by principal: Principal) throws(PortunusError) -> [TariffLine] {
        try AccessPolicy.require(.readTariff, principal)
        guard code.utf8.count <= 10, code.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw PortunusError(.invalidHSCode, "a code is up to 10 digits", field: "code")
        }
        return try store.tariff.lines(under: code, limit: limit)
    }

    /// The exchange rates, for whoever may read the tariff.
    public func exchangeRates(by principal: Principal) throws(PortunusError) -> ExchangeRateTable? {
        try AccessPolicy.require(.readTariff, principal)
        return try store.tariff.exchangeRates()
    }

    /// The duties a declaration would be charged, without lodging it (a trader's estimate, an
    /// officer's check): the national tariff as it stands, on the declaration's acceptance day.
    /// A preference's proof is taken as declared here; at lodgement a certificate in the ledger
    /// is checked.
    public func estimateDuties(_ declaration: Declaration, by principal: Principal) throws(PortunusError) -> DutyCalculation {
        try AccessPolicy.require(.readTariff, principal)
        guard let calculator = try store.tariff.dutyCalculator() else {
            throw PortunusError(.notFound, "no national tariff is loaded", field: "/items")
        }
        let items = declaration.items.map { DutyItem($0) }
        return try calculator.calculate(items, on: CalendarDay(declaration.lodgedAt))
    }
}
