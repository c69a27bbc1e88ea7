import PortunusCore

/// What a duty is calculated on for one goods item: the customs value in the national
/// currency, the quantities by unit (net mass, litres, items, % vol, …), other values a rate
/// may name (a retail price), exchange rates for amounts in other currencies, and the amounts
/// of duties a rate refers to (the applicable subheading's duty under a US chapter 99 line,
/// the Meursing components).
///
/// A calculation takes from the base only what its expression needs and refuses, naming
/// it, what is missing (`tariff.duty_input`). Quantities missing in one unit are derived
/// from another when the conversion is exact (tonnes from kilograms, hectolitres from
/// litres, litres of pure alcohol from litres and % vol; see ``QuantityUnit``).
///
/// The base keeps its inputs in small arrays searched in order: an item has a handful of
/// them, and a lookup then costs less than hashing a unit's name.
public struct DutyBase: Sendable {
    /// The national currency: the customs value's, and the result's.
    public var currency: Currency
    /// The customs value (the base of ad valorem duties), in ``currency``.
    public var customsValue: ExactDecimal

    private var quantities: [(unit: QuantityUnit, amount: ExactDecimal)] = []
    private var values: [(name: String, amount: ExactDecimal)] = []
    /// Units of ``currency`` for one unit of another currency.
    private var exchangeRates: [(currency: Currency, rate: ExactDecimal)] = []
    private var referencedDuties: [(reference: DutyReference, amount: ExactDecimal)] = []

    public init(currency: Currency, customsValue: ExactDecimal) {
        self.currency = currency
        self.customsValue = customsValue
    }

    /// Sets the quantity in a unit (replacing one set before).
    public mutating func setQuantity(_ amount: ExactDecimal, _ unit: QuantityUnit) {
        if let index = quantities.firstIndex(where: { $0.unit == unit }) {
            quantities[index].amount = amount
        } else {
            quantities.append((unit, amount))
        }
    }

    /// Sets a value other than the customs value that a rate names ("retail price"), matched
    /// without regard to case and a leading "the".
    public mutating func setValue(_ amount: ExactDecimal, named name: String) {
        let key = Self.valueKey(name)
        if let index = values.firstIndex(where: { $0.name == key }) {
            values[index].amount = amount
        } else {
            values.append((key, amount))
        }
    }

    /// Sets the rate from another currency: how many units of ``currency`` one unit of it is worth.
    public mutating func setExchangeRate(_ rate: ExactDecimal, from other: Currency) {
        if let index = exchangeRates.firstIndex(where: { $0.currency == other }) {
            exchangeRates[index].rate = rate
        } else {
            exchangeRates.append((other, rate))
        }
    }

    /// Sets the amount, in ``currency``, of a duty a rate refers to.
    public mutating func setReferencedDuty(_ amount: ExactDecimal, for reference: DutyReference) {
        if let index = referencedDuties.firstIndex(where: { $0.reference == reference }) {
            referencedDuties[index].amount = amount
        } else {
            referencedDuties.append((reference, amount))
        }
    }

    // MARK: Lookups for evaluation

    /// The quantity in `unit`, declared or derived exactly from declared ones.
    public func quantity(_ unit: QuantityUnit) throws(PortunusError) -> ExactDecimal {
        if let amount = quantity(unit, depth: 0) { return try amount.get() }
        throw PortunusError(.missingDutyInput, "the duty is charged per \(unit) and no quantity in \(unit) was given", field: "/quantities")
    }

    /// Depth-limited search through the derivations; nil when no path gives the quantity.
    private func quantity(_ unit: QuantityUnit, depth: Int) -> Result<ExactDecimal, PortunusError>? {
        for quantity in quantities where quantity.unit == unit { return .success(quantity.amount) }
        guard depth < 3, let derivations = QuantityUnit.derivations[unit.name] else { return nil }
        derivation: for derivation in derivations {
            var product = derivation.factor
            for source in derivation.sources {
                guard let found = quantity(source.qualified(unit.qualifier), depth: depth + 1) else { continue derivation }
                do {
                    product = try product.multiplied(by: found.get())
                } catch {
                    return .failure(error)
                }
            }
            return .success(product)
        }
        return nil
    }

    /// The value a percentage applies to: the customs value, or a value set by name.
    public func value(named name: String?) throws(PortunusError) -> ExactDecimal {
        guard let name else { return customsValue }
        // Parsed expressions hold their names folded already; others are folded here.
        for value in values where value.name == name { return value.amount }
        let key = Self.valueKey(name)
        for value in values where value.name == key { return value.amount }
        throw PortunusError(.missingDutyInput, "the duty is a percentage of the \(key) and no \(key) was given", field: "/values")
    }

    /// An amount in `other` converted to ``currency``.
    func converted(_ amount: ExactDecimal, from other: Currency) throws(PortunusError) -> ExactDecimal {
        if other == currency { return amount }
        for rate in exchangeRates where rate.currency == other { return try amount.multiplied(by: rate.rate) }
        throw PortunusError(
            .missingDutyInput, "the duty is stated in \(other) and no \(other) to \(currency) rate was given", field: "/exchange_rates")
    }

    /// The amount of a referenced duty.
    public func referencedDuty(_ reference: DutyReference) throws(PortunusError) -> ExactDecimal {
        for duty in referencedDuties where duty.reference == reference { return duty.amount }
        throw PortunusError(
            .missingDutyInput, "the duty refers to \"\(reference.wording)\" and its amount was not given", field: "/referenced_duties")
    }

    static func valueKey(_ name: String) -> String {
        let lower = name.lowercased()
        return lower.hasPrefix("the ") ? String(lower.dropFirst(4)) : lower
    }
}
