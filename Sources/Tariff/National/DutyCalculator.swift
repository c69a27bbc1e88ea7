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
        lines.reserveCapacity(items.count * 2)
        var used: [Currency: ExactDecimal] = [:]
        var total = ExactDecimal.zero
        for (index, item) in items.enumerated() {
            let pointer = "/items/\(index)"
            // 1. The value in the national currency.
            guard let rate = exchangeRates.rate(item.currency, on: day) else {
                throw PortunusError(
                    .missingDutyInput, "no \(item.currency) to \(currency) exchange rate is in force on \(day)", field: pointer + "/customs_value")
            }
            if item.currency != currency { used[item.currency] = rate }
            let value = try rounding.rounded(item.customsValue.multiplied(by: rate))
            var base = DutyBase(currency: currency, customsValue: value)
            for quantity in item.quantities { base.setQuantity(quantity.amount, quantity.unit) }
            let valueMoney = try rounding.money(value, currency)

            // 2. The customs duty, or the preference.
            let thirdCountry = tariff.measures(.thirdCountry, code: item.code, origin: item.origin, on: day)
            guard let general = try chosen(thirdCountry, item: item, pointer: pointer).first else {
                throw PortunusError(
                    .noTariffMeasure, "the national tariff has no third-country duty for \(item.code) on \(day)", field: pointer + "/hs_code")
            }
            var duty = general
            var dutyAmount = try amount(general, base, rounding, &used, day: day, pointer: pointer)
            var note: String?
            if let claim = item.preference {
                let preferential = tariff.measures(.preferential, code: item.code, origin: item.origin, on: day).filter {
                    $0.agreement == claim.agreement
                }
                if preferential.isEmpty {
                    note = "preference \(claim.agreement) not granted: the tariff has no such preference for this code and origin"
                } else if !claim.proven {
                    note = "preference \(claim.agreement) not granted: " + (claim.proofProblem ?? "no proof of origin was given")
                } else if let measure = try chosen(preferential, item: item, pointer: pointer).first {
                    let preferred = try amount(measure, base, rounding, &used, day: day, pointer: pointer)
                    if preferred <= dutyAmount {
                        duty = measure
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
                    item: item.sequence, kind: duty.kind, measure: duty.id, basis: duty.legalBasis, rate: duty.expressionText, base: valueMoney,
                    amount: try rounding.money(dutyAmount, currency), note: note))
            var vatBase = try value.adding(dutyAmount)

            // 3. Duties added to it, and excise.
            for kind in Self.addedKinds {
                let measures = tariff.measures(kind, code: item.code, origin: item.origin, on: day)
                if measures.isEmpty { continue }
                for measure in try chosen(measures, item: item, pointer: pointer) {
                    let added = try amount(measure, base, rounding, &used, day: day, pointer: pointer)
                    lines.append(
                        .init(
                            item: item.sequence, kind: kind, measure: measure.id, basis: measure.legalBasis, rate: measure.expressionText,
                            base: valueMoney, amount: try rounding.money(added, currency)))
                    vatBase = try vatBase.adding(added)
                }
            }

            // 4. VAT on the value with the duties.
            let vat = tariff.measures(.vat, code: item.code, origin: item.origin, on: day)
            if !vat.isEmpty {
                var vatOn = base
                vatOn.customsValue = vatBase
                for measure in try chosen(vat, item: item, pointer: pointer) {
                    let tax = try amount(measure, vatOn, rounding, &used, day: day, pointer: pointer)
                    lines.append(
                        .init(
                            item: item.sequence, kind: .vat, measure: measure.id, basis: measure.legalBasis, rate: measure.expressionText,
                            base: try rounding.money(vatBase, currency), amount: try rounding.money(tax, currency)))
                }
            }
        }
        for line in lines { total = try total.adding(ExactDecimal(line.amount.amount)) }
        return DutyCalculation(day: day, currency: currency, lines: lines, total: try rounding.money(total, currency), exchangeRates: used)
    }

    /// The measures of one kind that apply to an item given the additional codes it declares: the
    /// ones whose code it declares, else the ones without a code; refused when all need a code.
    func chosen(_ measures: [TariffMeasure], item: DutyItem, pointer: String) throws(PortunusError) -> [TariffMeasure] {
        if measures.count == 1, measures[0].additionalCode == nil { return measures }
        var declared: [TariffMeasure] = []
        var uncoded: [TariffMeasure] = []
        for measure in measures {
            if let code = measure.additionalCode {
                if item.additionalCodes.contains(code) { declared.append(measure) }
            } else {
                uncoded.append(measure)
            }
        }
        if !declared.isEmpty { return declared }
        if !uncoded.isEmpty { return uncoded }
        if measures.isEmpty { return [] }
        let codes = Set(measures.compactMap(\.additionalCode)).sorted()
        let shown = codes.prefix(8).joined(separator: ", ") + (codes.count > 8 ? ", …" : "")
        throw PortunusError(
            .missingDutyInput, "a \(measures[0].kind) measure applies under an additional code; declare one of \(shown)",
            field: pointer + "/additional_codes")
    }

    /// A measure's amount on a base, rounded, with the exchange rates its amounts need set first.
    private func amount(
        _ measure: TariffMeasure, _ base: DutyBase, _ rounding: DutyRounding, _ used: inout [Currency: ExactDecimal], day: CalendarDay,
        pointer: String
    ) throws(PortunusError) -> ExactDecimal {
        var base = base
        for other in measure.currencies where other != tariff.currency {
            guard let rate = exchangeRates.rate(other, on: day) else {
                throw PortunusError(
                    .missingDutyInput, "the measure \(measure.id) is stated in \(other) and no \(other) rate is in force on \(day)", field: pointer)
            }
            base.setExchangeRate(rate, from: other)
            used[other] = rate
        }
        do {
            return try rounding.rounded(measure.expression.evaluate(base))
        } catch  where error.code == .missingDutyInput {
            throw PortunusError(.missingDutyInput, error.reason, field: pointer + (error.field ?? ""))
        }
    }
}
