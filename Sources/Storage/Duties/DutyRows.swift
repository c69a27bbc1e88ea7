import Foundation
import GRDB
import PortunusCore
import Tariff

extension DutyAssessment {
    init(row: Row, declarationID: String, settlements: [DutySettlement]) throws {
        let version: Int = row["version"]
        let problemCode: String? = row["problem_code"]
        var calculation: DutyCalculation? = nil
        var problem: PortunusError? = nil
        if let problemCode {
            problem = PortunusError(.init(problemCode), row["problem_reason"] ?? "", field: row["problem_field"])
        } else {
            let dayText: String = row["day"]
            let currencyText: String = row["currency"]
            guard let day = CalendarDay(dayText) else { throw Row.unknown(dayText, column: "day", table: "duty_assessment") }
            let currency = Currency(unchecked: currencyText)
            let lines: [DutyLineColumn] = try row.jsonValue("lines", in: "duty_assessment")
            let rates: [String: String] = try row.jsonValue("exchange_rates", in: "duty_assessment")
            var exchangeRates: [Currency: ExactDecimal] = [:]
            for (code, text) in rates {
                guard let rate = ExactDecimal(text) else { throw Row.unknown(text, column: "exchange_rates", table: "duty_assessment") }
                exchangeRates[Currency(unchecked: code)] = rate
            }
            calculation = DutyCalculation(
                day: day, currency: currency, lines: try lines.map { try $0.line(currency) },
                total: Money(FixedDecimal(scaledValue: row["total_e4"]), currency), exchangeRates: exchangeRates)
        }
        self.init(
            declarationID: declarationID, version: version, calculatedAt: try row.time("calculated_at", in: "duty_assessment"),
            calculation: calculation, problem: problem, settlements: settlements)
    }
}

extension DutyGuarantee {
    init(row: Row) throws {
        let kindText: String = row["kind"]
        guard let kind = Kind(rawValue: kindText) else { throw Row.unknown(kindText, column: "kind", table: "guarantee") }
        let fromText: String = row["valid_from"]
        guard let from = CalendarDay(fromText) else { throw Row.unknown(fromText, column: "valid_from", table: "guarantee") }
        let throughText: String? = row["valid_through"]
        var through: CalendarDay? = nil
        if let throughText {
            guard let day = CalendarDay(throughText) else { throw Row.unknown(throughText, column: "valid_through", table: "guarantee") }
            through = day
        }
        let currency: String = row["currency"]
        self.init(
            reference: row["reference"], holder: row["holder"], kind: kind,
            amount: Money(FixedDecimal(scaledValue: row["amount_e4"]), Currency(unchecked: currency)),
            used: FixedDecimal(scaledValue: row["used_e4"]),
            from: from, through: through)
    }
}

/// One line of `duty_assessment.lines`, as JSON. Written by hand (``text(_:)``): a green-lane
/// lodgement writes one assessment per declaration, and an encoder would cost more than the
/// calculation.
struct DutyLineColumn: Decodable {
    var item: Int
    var type: String
    var measure: String
    var basis: String
    var rate: String
    var base: String
    var amount: String
    var note: String?

    func line(_ currency: Currency) throws -> DutyCalculation.Line {
        guard let kind = TariffMeasure.Kind(rawValue: type) else { throw Row.unknown(type, column: "lines", table: "duty_assessment") }
        guard let base = FixedDecimal(base), let amount = FixedDecimal(amount) else {
            throw PortunusError(.storage, "duty_assessment.lines holds an amount this version of Portunus cannot read")
        }
        return DutyCalculation.Line(
            item: item, kind: kind, measure: measure, basis: basis, rate: rate, base: Money(base, currency), amount: Money(amount, currency),
            note: note)
    }

    static func text(_ lines: [DutyCalculation.Line]) -> String {
        var text = "["
        for (index, line) in lines.enumerated() {
            if index > 0 { text += "," }
            text += "{\"amount\":\"\(line.amount.amount)\",\"base\":\"\(line.base.amount)\",\"basis\":" + JSONValue.quoted(line.basis)
            text += ",\"item\":\(line.item),\"measure\":" + JSONValue.quoted(line.measure)
            if let note = line.note { text += ",\"note\":" + JSONValue.quoted(note) }
            text += ",\"rate\":" + JSONValue.quoted(line.rate) + ",\"type\":\"\(line.kind.rawValue)\"}"
        }
        return text + "]"
    }
}
