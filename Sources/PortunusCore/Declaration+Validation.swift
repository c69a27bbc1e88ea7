extension PortunusError.Code {
    public static let zeroMass = PortunusError.Code("net_mass.zero")
    public static let zeroValue = PortunusError.Code("customs_value.zero")
    public static let duplicateItem = PortunusError.Code("items.duplicate_sequence")
}

extension Declaration {
    /// The result of checking a declaration's business rules: errors reject it, warnings are
    /// stored with it and reported (a zero mass is odd but real: samples, documents, software).
    public struct Validation: Sendable, Hashable {
        public var errors: [PortunusError] = []
        public var warnings: [PortunusError] = []
        public var isValid: Bool { errors.isEmpty }
    }

    /// Checks the rules that the typed fields cannot hold alone. HS codes, countries,
    /// currencies and ids are already valid by construction.
    public func validate() -> Validation {
        var validation = Validation()
        if items.isEmpty {
            validation.errors.append(PortunusError(.noGoodsItems, "a declaration needs at least one goods item", field: "/items"))
        }
        var sequences = Set<Int>()
        for (index, item) in items.enumerated() {
            let pointer = "/items/\(index)"
            if !sequences.insert(item.sequence).inserted {
                validation.errors.append(PortunusError(.duplicateItem, "item sequence \(item.sequence) appears twice", field: pointer + "/sequence"))
            }
            if item.netMass.isNegative {
                validation.errors.append(PortunusError(.negativeMass, "net mass \(item.netMass) kg is negative", field: pointer + "/netMass"))
            } else if item.netMass.isZero {
                validation.warnings.append(PortunusError(.zeroMass, "net mass is zero", field: pointer + "/netMass"))
            }
            if item.customsValue.amount.isNegative {
                validation.errors.append(PortunusError(.negativeValue, "customs value \(item.customsValue.amount) is negative", field: pointer + "/customsValue/amount"))
            } else if item.customsValue.amount.isZero {
                validation.warnings.append(PortunusError(.zeroValue, "customs value is zero", field: pointer + "/customsValue/amount"))
            }
            if item.dutyRate.isNegative {
                validation.errors.append(PortunusError(.negativeRate, "duty rate \(item.dutyRate) % is negative", field: pointer + "/dutyRate"))
            }
        }
        return validation
    }
}
