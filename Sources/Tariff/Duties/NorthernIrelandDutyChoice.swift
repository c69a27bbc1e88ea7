import PortunusCore

/// Which tariff's duty goods from the rest of the world pay when they enter Northern
/// Ireland: the UK's, or the EU's (the `xi` tariff).
///
/// HMRC's duty calculator pays the UK duty when it differs from the EU duty by no more than
/// 3 % of the customs value, the boundary included, and the EU duty otherwise (its
/// `DutyOptions::Chooser`, whose three specs are among the calculator vectors Portunus
/// reproduces). The two duties are compared exactly, before rounding.
public enum NorthernIrelandDutyChoice: String, Sendable {
    case uk
    case xi

    public static func choose(ukDuty: ExactDecimal, xiDuty: ExactDecimal, customsValue: ExactDecimal) throws(PortunusError)
        -> NorthernIrelandDutyChoice
    {
        let difference = try xiDuty.subtracting(ukDuty)
        let magnitude = difference.isNegative ? try difference.negated() : difference
        let threshold = try customsValue.multiplied(by: 3).dividedByPowerOfTen(2)
        return magnitude <= threshold ? .uk : .xi
    }
}
