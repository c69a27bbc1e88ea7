import Foundation
import GRDB
import PortunusCore
import Synchronization
import Tariff

/// The national tariff: measures and lines by source, the exchange rates, the national currency,
/// and the tariff in memory that duty calculations share.
extension TariffStore {
    /// The national currency, once set (by the first tariff loaded, or by an administrator).
    public func nationalCurrency() throws(PortunusError) -> Currency? {
        try read { db in try TariffStore.nationalCurrency(db) }
    }

    static func nationalCurrency(_ db: Database) throws -> Currency? {
        guard let code = try String.fetchOne(db, sql: "SELECT value FROM tariff_setting WHERE key = 'currency'") else { return nil }
        guard let currency = try? Currency(code) else { throw Row.unknown(code, column: "value", table: "tariff_setting") }
        return currency
    }

    /// Sets the national currency. Refused when measures or rates are stored already in another
    /// one's terms: their amounts would change meaning.
    public func setNationalCurrency(_ currency: Currency, by actor: String) throws(PortunusError) {
        try write { db in
            if let current = try TariffStore.nationalCurrency(db), current != currency,
                try Int.fetchOne(db, sql: "SELECT (SELECT COUNT(*) FROM tariff_measure) + (SELECT COUNT(*) FROM exchange_rate)") ?? 0 > 0
            {
                throw PortunusError(
                    .conflict, "the national currency is \(current) and measures or exchange rates are stored in its terms; remove them first",
                    field: "/currency")
            }
            try db.execute(sql: "INSERT OR REPLACE INTO tariff_setting (key, value) VALUES ('currency', ?)", arguments: [currency.code])
            try TariffStore.bumpTariffRevision(db)
            try KeyStore.recordAudit(db, keyID: actor, action: "tariff.currency", subject: currency.code)
        }
    }

    /// Replaces the measures and lines of one source (a file's `source`: "US HTS 2026 Rev. 10")
    /// in one transaction. Sets the national currency when none is set; refuses a file in another
    /// currency than the national one. Returns how many measures and lines are stored.
    @discardableResult
    public func replaceNationalTariff(_ file: NationalTariffFile, by actor: String) throws(PortunusError) -> (measures: Int, lines: Int) {
        try write { db in
            if let current = try TariffStore.nationalCurrency(db) {
                guard current == file.currency else {
                    throw PortunusError(
                        .conflict, "the file's tariff is in \(file.currency) and the national currency is \(current)", field: "/currency")
                }
            } else {
                try db.execute(sql: "INSERT INTO tariff_setting (key, value) VALUES ('currency', ?)", arguments: [file.currency.code])
            }
            try db.execute(sql: "DELETE FROM tariff_measure WHERE source = ?", arguments: [file.source])
            try db.execute(sql: "DELETE FROM tariff_line WHERE source = ?", arguments: [file.source])
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO tariff_measure (id, source, code, kind, origins, excluded, additional_code, agreement, expression, notation,
                        valid_from, valid_through, legal_basis)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for measure in file.measures {
                let origins: String
                switch measure.origins {
                case .any: origins = "*"
                case .only(let countries): origins = countries.joined(separator: " ")
                }
                do {
                    try insert.execute(arguments: [
                        measure.id, file.source, measure.code, measure.kind.rawValue, origins, measure.excluded.joined(separator: " "),
                        measure.additionalCode, measure.agreement, measure.expressionText, measure.notation.rawValue, measure.from.description,
                        measure.through?.description, measure.legalBasis,
                    ])
                } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
                    throw PortunusError(.conflict, "measure \(measure.id) is stored already from another source", field: "/measures")
                }
            }
            let insertLine = try db.cachedStatement(sql: "INSERT OR REPLACE INTO tariff_line (code, source, description, units) VALUES (?, ?, ?, ?)")
            for line in file.lines {
                try insertLine.execute(arguments: [
                    line.code, file.source, line.description, try JSONColumn.text(line.units, column: "units", table: "tariff_line"),
                ])
            }
            try TariffStore.bumpTariffRevision(db)
            try KeyStore.recordAudit(
                db, keyID: actor, action: "tariff.measures", subject: "\(file.source):\(file.measures.count) measures,\(file.lines.count) lines")
            return (file.measures.count, file.lines.count)
        }
    }

    /// Replaces the exchange-rate table (every period of every currency) in one transaction.
    public func replaceExchangeRates(_ table: ExchangeRateTable, by actor: String) throws(PortunusError) {
        try write { db in
            if let current = try TariffStore.nationalCurrency(db) {
                guard current == table.currency else {
                    throw PortunusError(
                        .conflict, "the rates convert into \(table.currency) and the national currency is \(current)", field: "/currency")
                }
            } else {
                try db.execute(sql: "INSERT INTO tariff_setting (key, value) VALUES ('currency', ?)", arguments: [table.currency.code])
            }
            try db.execute(sql: "DELETE FROM exchange_rate")
            let insert = try db.cachedStatement(sql: "INSERT INTO exchange_rate (currency, valid_from, valid_through, rate) VALUES (?, ?, ?, ?)")
            for period in table.periods {
                try insert.execute(arguments: [period.currency.code, period.from.description, period.through?.description, period.rate.description])
            }
            try TariffStore.bumpTariffRevision(db)
            try KeyStore.recordAudit(db, keyID: actor, action: "tariff.exchange_rates", subject: "\(table.periods.count) periods")
        }
    }

    /// The exchange-rate table as stored (empty, in the national currency, when none is loaded).
    public func exchangeRates() throws(PortunusError) -> ExchangeRateTable? {
        try read { db in try TariffStore.exchangeRates(db) }
    }

    static func exchangeRates(_ db: Database) throws -> ExchangeRateTable? {
        guard let currency = try nationalCurrency(db) else { return nil }
        var periods: [ExchangeRateTable.Period] = []
        for row in try Row.fetchAll(db, sql: "SELECT * FROM exchange_rate ORDER BY currency, valid_from") {
            let code: String = row["currency"]
            let fromText: String = row["valid_from"]
            let throughText: String? = row["valid_through"]
            let rateText: String = row["rate"]
            guard let other = try? Currency(code) else { throw Row.unknown(code, column: "currency", table: "exchange_rate") }
            guard let from = CalendarDay(fromText) else { throw Row.unknown(fromText, column: "valid_from", table: "exchange_rate") }
            let through = try throughText.map { text throws -> CalendarDay in
                guard let day = CalendarDay(text) else { throw Row.unknown(text, column: "valid_through", table: "exchange_rate") }
                return day
            }
            guard let rate = ExactDecimal(rateText) else { throw Row.unknown(rateText, column: "rate", table: "exchange_rate") }
            periods.append(.init(currency: other, from: from, through: through, rate: rate))
        }
        return try ExchangeRateTable(currency: currency, periods: periods)
    }

    /// Measures stored, filtered by code (those on the code and above it) and kind; at most `limit`.
    public func measures(code: String? = nil, kind: TariffMeasure.Kind? = nil, limit: Int = 200) throws(PortunusError) -> [TariffMeasure] {
        try read { db in
            var filter = SQLFilter()
            if let code {
                // The code's measures and those above it: each of its prefixes, the empty one included.
                let prefixes = (0...min(code.count, 10)).map { String(code.prefix($0)) }
                filter.add("code IN (\(Array(repeating: "?", count: prefixes.count).joined(separator: ",")))", list: prefixes)
            }
            if let kind { filter.add("kind = ?", kind.rawValue) }
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM tariff_measure\(filter.whereClause) ORDER BY code, kind, id LIMIT \(max(1, min(limit, 5000)))",
                arguments: StatementArguments(filter.arguments))
            return try rows.map(TariffStore.measure)
        }
    }

    /// The lines stored under a code (the code itself and those below it), at most `limit`.
    public func lines(under code: String, limit: Int = 200) throws(PortunusError) -> [TariffLine] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM tariff_line WHERE code >= ? AND code < ? ORDER BY code, source LIMIT \(max(1, min(limit, 5000)))",
                arguments: [code, code + "\u{7F}"]
            ).map { row in
                // Units hold spaces ("doz. prs."): a JSON array.
                TariffLine(code: row["code"], description: row["description"], units: try row.jsonValue("units", in: "tariff_line"))
            }
        }
    }

    /// Counts for a status page: measures by source, lines, exchange-rate periods.
    public func nationalTariffSummary() throws(PortunusError) -> (
        currency: Currency?, sources: [(source: String, measures: Int)], lines: Int, ratePeriods: Int
    ) {
        try read { db in
            let sources = try Row.fetchAll(db, sql: "SELECT source, COUNT(*) AS n FROM tariff_measure GROUP BY source ORDER BY source").map {
                (source: $0["source"] as String, measures: $0["n"] as Int)
            }
            return (
                try TariffStore.nationalCurrency(db), sources, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tariff_line") ?? 0,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM exchange_rate") ?? 0
            )
        }
    }

    static func measure(_ row: Row) throws -> TariffMeasure {
        let id: String = row["id"]
        let kindText: String = row["kind"]
        let notationText: String = row["notation"]
        let originsText: String = row["origins"]
        let excludedText: String = row["excluded"]
        let fromText: String = row["valid_from"]
        let throughText: String? = row["valid_through"]
        guard let kind = TariffMeasure.Kind(rawValue: kindText) else { throw Row.unknown(kindText, column: "kind", table: "tariff_measure") }
        guard let notation = TariffMeasure.Notation(rawValue: notationText) else {
            throw Row.unknown(notationText, column: "notation", table: "tariff_measure")
        }
        guard let from = CalendarDay(fromText) else { throw Row.unknown(fromText, column: "valid_from", table: "tariff_measure") }
        var through: CalendarDay? = nil
        if let throughText {
            guard let day = CalendarDay(throughText) else { throw Row.unknown(throughText, column: "valid_through", table: "tariff_measure") }
            through = day
        }
        do {
            return try TariffMeasure(
                id: id, code: row["code"], kind: kind,
                origins: originsText == "*" ? .any : .only(originsText.split(separator: " ").map(String.init)),
                excluded: excludedText.split(separator: " ").map(String.init), additionalCode: row["additional_code"], agreement: row["agreement"],
                expression: row["expression"], notation: notation, from: from, through: through, legalBasis: row["legal_basis"])
        } catch {
            throw PortunusError(.storage, "tariff_measure \(id) cannot be read: \(error.reason)")
        }
    }

    static func bumpTariffRevision(_ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO tariff_setting (key, value) VALUES ('revision', '1')
                ON CONFLICT(key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)
                """)
    }

    static func tariffRevision(_ db: Database) throws -> Int64 {
        let statement = try db.cachedStatement(sql: "SELECT CAST(value AS INTEGER) FROM tariff_setting WHERE key = 'revision'")
        return try Int64.fetchOne(statement) ?? 0
    }

    /// The duty calculator over the stored national tariff and exchange rates, built when they
    /// changed since the last call and shared otherwise; nil while no national currency is set.
    public func dutyCalculator() throws(PortunusError) -> DutyCalculator? {
        try read { db in try TariffStore.dutyCalculator(db, engine: engine) }
    }

    /// ``dutyCalculator()`` inside a transaction (lodgement's, an act's).
    static func dutyCalculator(_ db: Database, engine: PortunusStore) throws -> DutyCalculator? {
        let revision = try tariffRevision(db)
        if let cached = engine.dutyCalculatorCache.calculator(revision: revision) { return cached }
        var calculator: DutyCalculator? = nil
        if let currency = try nationalCurrency(db) {
            let measures = try Row.fetchAll(db, sql: "SELECT * FROM tariff_measure ORDER BY code, id").map(measure)
            let rates = try exchangeRates(db) ?? ExchangeRateTable(currency: currency, periods: [])
            calculator = DutyCalculator(tariff: NationalTariff(currency: currency, measures: measures), exchangeRates: rates)
        }
        engine.dutyCalculatorCache.store(calculator, revision: revision)
        return calculator
    }
}
