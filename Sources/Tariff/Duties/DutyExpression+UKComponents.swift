import PortunusCore

extension DutyExpression {
    /// The expression of a UK or EU measure from its components, in their order, folded as the
    /// text is (``DutyExpressionChain``: `+` and `-` first, then `MAX` and `MIN` from the left).
    ///
    /// A specific component without a monetary unit takes `defaultCurrency` when one is given
    /// (HMRC's calculator treats such test components as pounds) and is refused otherwise.
    /// Supplementary units (duty expression `99`) are not duties and are refused, as are ids and
    /// unit codes Portunus does not know; the error's field names the component
    /// (`/components/2/measurement_unit`).
    public init(ukComponents components: [UKMeasureComponent], defaultCurrency: Currency? = nil) throws(PortunusError) {
        guard !components.isEmpty else {
            throw PortunusError(.invalidDutyExpression, "a measure without components has no duty", field: "/components")
        }
        var chain = DutyExpressionChain()
        for (position, component) in components.enumerated() {
            let pointer = "/components/\(position)"
            if component.dutyExpressionID == "99" {
                throw PortunusError(
                    .invalidDutyExpression, "a supplementary unit (duty expression 99) is not a duty", field: pointer + "/duty_expression_id")
            }
            guard let (op, reference) = UKMeasureComponent.operators[component.dutyExpressionID] else {
                throw PortunusError(
                    .invalidDutyExpression, "duty expression \(component.dutyExpressionID) is not one Portunus reads",
                    field: pointer + "/duty_expression_id")
            }
            let term: DutyExpression
            if let reference {
                term = .reference(reference)
            } else {
                guard let amount = component.amount else {
                    throw PortunusError(.invalidDutyExpression, "the component has no amount", field: pointer + "/amount")
                }
                term = try Self.term(amount, component, defaultCurrency: defaultCurrency, pointer: pointer)
            }
            if position == 0, op == .minus {
                throw PortunusError(.invalidDutyExpression, "a measure cannot begin with a minus component", field: pointer + "/duty_expression_id")
            }
            chain.append(op, term)
        }
        guard let expression = chain.expression else { throw PortunusError(.invalidDutyExpression, "no duty", field: "/components") }
        self = expression
    }

    private static func term(
        _ amount: ExactDecimal, _ component: UKMeasureComponent, defaultCurrency: Currency?, pointer: String
    ) throws(PortunusError) -> DutyExpression {
        guard let code = component.measurementUnit else {
            guard component.monetaryUnit == nil else {
                throw PortunusError(.invalidDutyExpression, "an amount of money without a unit of quantity", field: pointer + "/measurement_unit")
            }
            return .adValorem(Percentage(amount), of: nil)
        }
        if code == "RET", component.monetaryUnit == nil { return .adValorem(Percentage(amount), of: "retail price") }
        guard let entry = UKMeasurementUnits.entry(code: code, qualifier: component.measurementUnitQualifier) else {
            throw PortunusError(
                .invalidDutyExpression, "unit \(code)\(component.measurementUnitQualifier ?? "") is not one Portunus reads",
                field: pointer + "/measurement_unit")
        }
        let currency: Currency
        if let monetary = component.monetaryUnit {
            currency = try Currency(monetary, field: pointer + "/monetary_unit")
        } else if let defaultCurrency {
            currency = defaultCurrency
        } else {
            throw PortunusError(.invalidDutyExpression, "a specific duty without a monetary unit", field: pointer + "/monetary_unit")
        }
        return .specific(amount: amount, currency: currency, count: entry.count, unit: entry.unit)
    }
}
