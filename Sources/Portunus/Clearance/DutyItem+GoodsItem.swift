import PortunusCore
import Tariff

extension DutyItem {
    /// A declaration's goods item as the duty calculation reads it: its net mass in kilograms and
    /// its supplementary quantities, its additional codes, and the preference claimed with
    /// `proofProblem` (why its proof cannot be relied on, nil when it can or none is given).
    public init(_ item: GoodsItem, proofProblem: String? = nil) {
        var quantities: [(unit: QuantityUnit, amount: ExactDecimal)] = [(.kilogram, ExactDecimal(item.netMass))]
        for quantity in item.supplementaryQuantities { quantities.append((QuantityUnit.named(quantity.unit), ExactDecimal(quantity.amount))) }
        self.init(
            sequence: item.sequence, code: item.hsCode.digits, origin: item.countryOfOrigin.code,
            customsValue: ExactDecimal(item.customsValue.amount),
            currency: item.customsValue.currency, quantities: quantities, additionalCodes: item.additionalCodes,
            preference: item.preference.map { PreferenceClaim(agreement: $0.agreement, proof: $0.proof, proofProblem: proofProblem) })
    }
}
