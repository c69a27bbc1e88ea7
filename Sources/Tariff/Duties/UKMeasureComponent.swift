import PortunusCore

/// One component of a UK (or EU TARIC) measure: a duty expression id, an amount, and the
/// monetary and measurement units it is in — the structured form of the text
/// ``DutyExpression/init(ukDutyExpression:field:)`` reads, as the Trade Tariff API's
/// `measure_component` and `measure_condition_component` records give it.
public struct UKMeasureComponent: Sendable, Hashable {
    /// TARIC's duty expression id: `01` the first term, `04`/`19`/`20` plus, `02`/`36` minus,
    /// `15` MIN, `17`/`35` MAX, `12`/`14`/`21`/`25`/`27`/`29` the Meursing components.
    public var dutyExpressionID: String
    /// The amount: a percentage without a monetary unit, else an amount of money per unit.
    public var amount: ExactDecimal?
    /// The currency of a specific amount (`EUR`, `GBP`).
    public var monetaryUnit: String?
    /// The unit code (`DTN`, `HLT`, `ASV`, `RET` for a percentage of the retail price).
    public var measurementUnit: String?
    /// The unit qualifier code (`X` for "% vol/hl", `I` for biodiesel).
    public var measurementUnitQualifier: String?

    public init(
        dutyExpressionID: String, amount: ExactDecimal?, monetaryUnit: String? = nil, measurementUnit: String? = nil,
        measurementUnitQualifier: String? = nil
    ) {
        self.dutyExpressionID = dutyExpressionID
        self.amount = amount
        self.monetaryUnit = monetaryUnit.flatMap { $0.isEmpty ? nil : $0 }
        self.measurementUnit = measurementUnit.flatMap { $0.isEmpty ? nil : $0 }
        self.measurementUnitQualifier = measurementUnitQualifier.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// How each duty expression id joins its term to the ones before, and whether its term is a
    /// Meursing component.
    static let operators: [String: (DutyExpressionChain.Operator, DutyReference?)] = [
        "01": (.plus, nil), "04": (.plus, nil), "19": (.plus, nil), "20": (.plus, nil),
        "02": (.minus, nil), "36": (.minus, nil),
        "15": (.minimum, nil), "17": (.maximum, nil), "35": (.maximum, nil),
        "12": (.plus, .agriculturalComponent), "14": (.plus, .reducedAgriculturalComponent),
        "21": (.plus, .additionalDutyOnSugar), "25": (.plus, .reducedAdditionalDutyOnSugar),
        "27": (.plus, .additionalDutyOnFlour), "29": (.plus, .reducedAdditionalDutyOnFlour),
    ]
}
