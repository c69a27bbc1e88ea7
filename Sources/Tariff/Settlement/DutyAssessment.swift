import Foundation
import PortunusCore

/// The duty calculation made on one version of a declaration, as stored: its lines and total,
/// or the problem that stopped it (a quantity the tariff charges on and the item did not
/// declare, no rate for its currency), and the settlements recorded against it.
public struct DutyAssessment: Sendable {
    public var declarationID: String
    public var version: Int
    public var calculatedAt: Date
    /// The calculation, or nil when it could not be made (see ``problem``).
    public var calculation: DutyCalculation?
    public var problem: PortunusError?
    /// Payments and guarantee rows of the declaration, every version's (a payment counts for every
    /// later version; a guarantee's release is a row of a negative amount).
    public var settlements: [DutySettlement]

    public init(
        declarationID: String, version: Int, calculatedAt: Date, calculation: DutyCalculation?, problem: PortunusError?,
        settlements: [DutySettlement] = []
    ) {
        self.declarationID = declarationID
        self.version = version
        self.calculatedAt = calculatedAt
        self.calculation = calculation
        self.problem = problem
        self.settlements = settlements
    }

    /// The amount paid, in the calculation's currency.
    public var paid: FixedDecimal { sum(.payment) }
    /// The amount secured by guarantees.
    public var secured: FixedDecimal { sum(.guarantee) }

    /// What is still to be paid: the total less the payments (a guarantee secures, it does not pay).
    public var outstanding: FixedDecimal {
        guard let total = calculation?.total.amount else { return .zero }
        let (left, overflow) = total.scaledValue.subtractingReportingOverflow(paid.scaledValue)
        return FixedDecimal(scaledValue: overflow ? 0 : max(0, left))
    }

    private func sum(_ kind: DutySettlement.Kind) -> FixedDecimal {
        var total: Int64 = 0
        for settlement in settlements where settlement.kind == kind {
            let (next, overflow) = total.addingReportingOverflow(settlement.amount.amount.scaledValue)
            total = overflow ? .max : next
        }
        return FixedDecimal(scaledValue: total)
    }
}
