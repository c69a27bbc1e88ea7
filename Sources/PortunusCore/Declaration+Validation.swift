import Foundation

extension Declaration {
    /// The result of checking a declaration's business rules: errors reject it, warnings are
    /// stored with it and reported (a zero mass is odd but real: samples, documents, software).
    public struct Validation: Sendable, Hashable {
        public var errors: [PortunusError] = []
        public var warnings: [PortunusError] = []
        public var isValid: Bool { errors.isEmpty }
    }

    /// Checks the rules that the typed fields cannot hold alone, and the door's limits
    /// (``InputLimits``): identifiers of offices, procedures and parties, plausible times as
    /// of `now`, item counts, amounts, masses and rates below their maxima. HS codes,
    /// countries, currencies and the declaration id are already valid by construction.
    public func validate(now: Date = Date(), limits: InputLimits = .standard) -> Validation {
        var validation = Validation()
        if items.isEmpty {
            validation.errors.append(PortunusError(.noGoodsItems, "a declaration needs at least one goods item", field: "/items"))
        } else if items.count > InputLimits.maximumItems {
            validation.errors.append(
                PortunusError(.tooManyItems, "a declaration holds at most \(InputLimits.maximumItems) goods items", field: "/items"))
        }
        func identifier(_ value: String?, _ field: String) {
            guard let value else { return }
            if !InputLimits.isIdentifier(value) {
                validation.errors.append(
                    PortunusError(
                        .invalidIdentifier, "1 to \(InputLimits.maximumIdentifierLength) letters, digits and - _ . : are allowed",
                        field: field))
            }
        }
        identifier(office, "/office")
        identifier(parties.declarant, "/parties/declarant")
        identifier(parties.importer, "/parties/importer")
        identifier(parties.seller.flatMap { $0.isEmpty ? nil : $0 }, "/parties/seller")
        identifier(parties.carrier.flatMap { $0.isEmpty ? nil : $0 }, "/parties/carrier")
        for (name, code) in [
            ("process_type", procedure.processType), ("import_type", procedure.importType), ("import_use", procedure.importUse),
            ("payment_type", procedure.paymentType), ("mode_of_transport", procedure.modeOfTransport),
        ] where !code.isEmpty {
            identifier(code, "/procedure/" + name)
        }
        for (field, time) in [
            ("/lodged_at", lodgedAt), ("/timeline/assessed", timeline.assessed), ("/timeline/inspected", timeline.inspected),
            ("/timeline/released", timeline.released),
        ] {
            guard let time else { continue }
            do throws(PortunusError) { try limits.time(time, now: now, field: field) } catch { validation.errors.append(error) }
        }
        var sequences = Set<Int>()
        for (index, item) in items.enumerated() {
            let pointer = "/items/\(index)"
            if !sequences.insert(item.sequence).inserted {
                validation.errors.append(PortunusError(.duplicateItem, "item sequence \(item.sequence) appears twice", field: pointer + "/sequence"))
            }
            if item.netMass.isNegative {
                validation.errors.append(PortunusError(.negativeMass, "net mass \(item.netMass) kg is negative", field: pointer + "/net_mass"))
            } else if item.netMass.isZero {
                validation.warnings.append(PortunusError(.zeroMass, "net mass is zero", field: pointer + "/net_mass"))
            }
            if item.customsValue.amount.isNegative {
                validation.errors.append(
                    PortunusError(.negativeValue, "customs value \(item.customsValue.amount) is negative", field: pointer + "/customs_value/amount"))
            } else if item.customsValue.amount.isZero {
                validation.warnings.append(PortunusError(.zeroValue, "customs value is zero", field: pointer + "/customs_value/amount"))
            }
            if item.dutyRate.isNegative {
                validation.errors.append(PortunusError(.negativeRate, "duty rate \(item.dutyRate) % is negative", field: pointer + "/duty_rate"))
            }
            for (value, maximum, field, what) in [
                (item.customsValue.amount, InputLimits.maximumCustomsValue, "/customs_value/amount", "customs value"),
                (item.netMass, InputLimits.maximumNetMass, "/net_mass", "net mass"),
                (item.dutyRate, InputLimits.maximumDutyRate, "/duty_rate", "duty rate"),
            ] where value > maximum {
                validation.errors.append(PortunusError(.tooLarge, "\(what) is above the maximum of \(maximum)", field: pointer + field))
            }
            validateDutyFacts(item, pointer, &validation)
        }
        return validation
    }
}

extension Declaration {
    /// At most this many supplementary quantities and additional codes per item.
    public static let maximumDutyFacts = 8

    /// The facts a duty calculation reads: a few quantities in named units, non-negative and
    /// bounded; a few additional codes; a preference with its agreement and proof as identifiers.
    private func validateDutyFacts(_ item: GoodsItem, _ pointer: String, _ validation: inout Validation) {
        func invalid(_ reason: String, _ field: String) { validation.errors.append(PortunusError(.invalidArgument, reason, field: pointer + field)) }
        if item.supplementaryQuantities.count > Self.maximumDutyFacts {
            invalid("at most \(Self.maximumDutyFacts) supplementary quantities", "/supplementary_quantities")
        }
        var units = Set<String>()
        for (index, quantity) in item.supplementaryQuantities.enumerated() {
            let field = "/supplementary_quantities/\(index)"
            let unit = quantity.unit.trimmingCharacters(in: .whitespaces)
            if unit.isEmpty || unit.utf8.count > 32 || unit.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                invalid("a unit is 1 to 32 printable characters", field + "/unit")
            } else if !units.insert(unit.lowercased()).inserted {
                invalid("the unit \(unit) appears twice", field + "/unit")
            }
            if quantity.amount.isNegative { invalid("a quantity is not negative", field + "/amount") }
            if quantity.amount > InputLimits.maximumNetMass { invalid("a quantity is above \(InputLimits.maximumNetMass)", field + "/amount") }
        }
        if item.additionalCodes.count > Self.maximumDutyFacts {
            invalid("at most \(Self.maximumDutyFacts) additional codes", "/additional_codes")
        }
        for (index, code) in item.additionalCodes.enumerated() where !InputLimits.isIdentifier(code) || code.utf8.count > 16 {
            invalid("an additional code is 1 to 16 letters, digits and - _ . :", "/additional_codes/\(index)")
        }
        if let preference = item.preference {
            let agreement = preference.agreement.utf8
            if agreement.isEmpty || agreement.count > 32
                || !agreement.allSatisfy({ InputLimits.isIdentifierByte($0) || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "*") })
            {
                invalid("an agreement is 1 to 32 letters, digits and - _ . : (and + *)", "/preference/agreement")
            }
            if let proof = preference.proof, !InputLimits.isIdentifier(proof) {
                invalid("a proof's reference is 1 to \(InputLimits.maximumIdentifierLength) letters, digits and - _ . :", "/preference/proof")
            }
        }
    }
}
