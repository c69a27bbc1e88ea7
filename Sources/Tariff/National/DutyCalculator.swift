import PortunusCore

/// Calculates the duties and taxes on goods items from a national tariff and its exchange rates,
/// as the law stands on one day.
///
/// For each item, on the day given (the day the declaration was accepted):
/// 1. the customs value is converted into the national currency at the day's rate;
/// 2. the customs duty is the third-country measure at the deepest level of the item's code —
///    or, when the item claims a preference with a proof and the tariff has a preferential
///    measure of that agreement for its origin, the preferential one if it is lower;
/// 3. anti-dumping, countervailing, safeguard and other additional duties, and excise, are
///    added, each at its deepest level; where such measures carry additional codes, the one
///    the item declares applies, a measure without a code applies when none of the coded ones
///    was declared, and if every measure needs a code and none was declared the calculation
///    refuses, naming the codes (`tariff.duty_input`);
/// 4. VAT is charged on the customs value plus the duties and excise as rounded.
///
/// Missing inputs are refused, never taken as zero: no third-country duty for the code
/// (`tariff.no_measure`), no rate for a currency or a quantity a rate charges on
/// (`tariff.duty_input`), each naming the item (`/items/2/...`).
public struct DutyCalculator: Sendable {
    public let tariff: NationalTariff
    public let exchangeRates: ExchangeRateTable

    public init(tariff: NationalTariff, exchangeRates: ExchangeRateTable) {
        self.tariff = tariff
        self.exchangeRates = exchangeRates
    }

    /// The kinds added to the customs duty, in the order their lines are written.
    static let addedKinds: [TariffMeasure.Kind] = [.antiDumping, .countervailing, .safeguard, .additional, .excise]

    public func calculate(_ items: [DutyItem], on day: CalendarDay) throws(PortunusError) -> DutyCalculation {
        let currency = tariff.currency
        // A table converting into another currency would value goods in the wrong unit.
        guard exchangeRates.currency == currency else {
            throw PortunusError(
                .invalidExchangeRates, "the exchange rates convert into \(exchangeRates.currency), the tariff's currency is \(currency)")
        }
        let rounding = DutyRounding.halfUp(currency)
        var lines: [DutyCalculation.Line] = []
        lines.reserveCapacity(items.count * 3)
        // The rates used, in a small list (a handful of currencies at most): no hashing per item.
        var used: [(currency: Currency, rate: ExactDecimal)] = []
        var total = ExactDecimal.zero
        let measures = tariff.measures
        for (index, item) in items.enumerated() {
            // Where an error points; written only when one is thrown.
            let pointer = ItemPointer(index: index)
            // 1. The value in the national currency.
            guard let rate = exchangeRates.rate(item.currency, on: day) else {
                throw PortunusError(
                    .missingDutyInput, "no \(item.currency) to \(currency) exchange rate is in force on \(day)",
                    field: pointer.text + "/customs_value")
            }
            if item.currency != currency, !used.contains(where: { $0.currency == item.currency }) { used.append((item.currency, rate)) }
            let value = try rounding.rounded(item.customsValue.multiplied(by: rate))
            var base = DutyBase(currency: currency, customsValue: value)
            for quantity in item.quantities { base.setQuantity(quantity.amount, quantity.unit) }
            let valueMoney = try rounding.money(value, currency)
            let applicable = tariff.applicable(code: item.code, origin: item.origin, on: day)

            // 2. The customs duty, or the preference.
            guard let general = try chosen(applicable.of(.thirdCountry), item: item, pointer: pointer).first.map({ Int($0) }) else {
                throw PortunusError(
                    .noTariffMeasure, "the national tariff has no third-country duty for \(item.code) on \(day)", field: pointer.text + "/hs_code")
            }
            var duty = general
            var dutyAmount = try amount(measures[general], base, rounding, &used, day: day, pointer: pointer)
            var note: String?
            if let claim = item.preference {
                let preferential = applicable.of(.preferential).filter { measures[Int($0)].agreement == claim.agreement }
                if preferential.isEmpty {
                    note = "preference \(claim.agreement) not granted: the tariff has no such preference for this code and origin"
                } else if !claim.proven {
                    note = "preference \(claim.agreement) not granted: " + (claim.proofProblem ?? "no proof of origin was given")
                } else if let position = try chosen(preferential, item: item, pointer: pointer).first.map({ Int($0) }) {
                    let preferred = try amount(measures[position], base, rounding, &used, day: day, pointer: pointer)
                    if preferred <= dutyAmount {
                        duty = position
                        dutyAmount = preferred
                        note = "preference \(claim.agreement), proof \(claim.proof ?? "")"
                    } else {
                        note = "preference \(claim.agreement) not applied: the third-country duty is lower"
                    }
                }
            }
            base.setReferencedDuty(dutyAmount, for: .applicableSubheading)
            lines.append(
                .init(
                    item: item.sequence, kind: measures[duty].kind, measure: measures[duty].id, basis: measures[duty].legalBasis,
                    rate: measures[duty].expressionText, base: valueMoney, amount: try rounding.money(dutyAmount, currency), note: note))
            var vatBase = try value.adding(dutyAmount)

            // 3. Duties added to it, and excise.
            if applicable.positions.count > 1 {
                for kind in Self.addedKinds {
                    let positions = applicable.of(kind)
                    if positions.isEmpty { continue }
                    for position in try chosen(positions, item: item, pointer: pointer).map({ Int($0) }) {
                        let added = try amount(measures[position], base, rounding, &used, day: day, pointer: pointer)
                        lines.append(
                            .init(
                                item: item.sequence, kind: kind, measure: measures[position].id, basis: measures[position].legalBasis,
                                rate: measures[position].expressionText, base: valueMoney, amount: try rounding.money(added, currency)))
                        vatBase = try vatBase.adding(added)
                    }
                }
            }

            // 4. VAT on the value with the duties.
            let vat = applicable.of(.vat)
            if !vat.isEmpty {
                var vatOn = base
                vatOn.customsValue = vatBase
                for position in try chosen(vat, item: item, pointer: pointer).map({ Int($0) }) {
                    let tax = try amount(measures[position], vatOn, rounding, &used, day: day, pointer: pointer)
                    lines.append(
                        .init(
                            item: item.sequence, kind: .vat, measure: measures[position].id, basis: measures[position].legalBasis,
                            rate: measures[position].expressionText, base: try rounding.money(vatBase, currency),
                            amount: try rounding.money(tax, currency)))
                }
            }
        }
        for line in lines { total = try total.adding(ExactDecimal(line.amount.amount)) }
        return DutyCalculation(
            day: day, currency: currency, lines: lines, total: try rounding.money(total, currency),
            exchangeRates: Dictionary(used.map { ($0.currency, $0.rate) }, uniquingKeysWith: { first, _ in first }))
    }

    /// The measures of one kind (by position) that apply to an item given the additional codes it
    /// declares: the ones whose code it declares, else the ones without a code; refused when all
    /// need a code.
    func chosen(_ positions: [Int32], item: DutyItem, pointer: ItemPointer) throws(PortunusError) -> [Int32] {
        let measures = tariff.measures
        if positions.count == 1, measures[Int(positions[0])].additionalCode == nil { return positions }
        var declared: [Int32] = []
        var uncoded: [Int32] = []
        for position in positions {
            if let code = measures[Int(position)].additionalCode {
                if item.additionalCodes.contains(code) { declared.append(position) }
            } else {
                uncoded.append(position)
            }
        }
        if !declared.isEmpty { return declared }
        if !uncoded.isEmpty { return uncoded }
        guard let first = positions.first else { return [] }
        let codes = Set(positions.compactMap { measures[Int($0)].additionalCode }).sorted()
        let shown = codes.prefix(8).joined(separator: ", ") + (codes.count > 8 ? ", …" : "")
        throw PortunusError(
            .missingDutyInput, "a \(measures[Int(first)].kind) measure applies under an additional code; declare one of \(shown)",
            field: pointer.text + "/additional_codes")
    }

    /// The JSON pointer of an item, written only when an error needs it.
    struct ItemPointer {
        let index: Int
        var text: String { "/items/\(index)" }
    }

    /// A measure's amount on a base, rounded, with the exchange rates its amounts need set first.
    private func amount(
        _ measure: TariffMeasure, _ base: DutyBase, _ rounding: DutyRounding, _ used: inout [(currency: Currency, rate: ExactDecimal)],
        day: CalendarDay,
        pointer: ItemPointer
    ) throws(PortunusError) -> ExactDecimal {
        do throws(PortunusError) {
            if measure.currencies.allSatisfy({ $0 == tariff.currency }) {
                return try rounding.rounded(measure.expression.evaluate(base))
            }
            var base = base
            for other in measure.currencies where other != tariff.currency {
                guard let rate = exchangeRates.rate(other, on: day) else {
                    throw PortunusError(
                        .missingDutyInput, "the measure \(measure.id) is stated in \(other) and no \(other) rate is in force on \(day)",
                        field: pointer.text)
                }
                base.setExchangeRate(rate, from: other)
                if !used.contains(where: { $0.currency == other }) { used.append((other, rate)) }
            }
            return try rounding.rounded(measure.expression.evaluate(base))
        } catch  where error.code == .missingDutyInput && !(error.field ?? "").hasPrefix("/items/") {
            throw PortunusError(.missingDutyInput, error.reason, field: pointer.text + (error.field ?? ""))
        }
    }
}
