import Foundation
import PortunusCore
import Rules

/// The fields goods-declaration rules may use: one goods item in its declaration, with the
/// derived features analysts ask for (the unit value against the HS6 × origin median, how long
/// the importer has been seen) and the model's score.
public struct DeclarationFacts: RuleFacts {
    public static let catalogue = FieldCatalogue(
        fields: [
            "office": .init(.text, "customs office"),
            "process_type": .init(.text, "procedure: process type"),
            "import_type": .init(.text, "procedure: import type"),
            "import_use": .init(.text, "procedure: import use"),
            "payment_type": .init(.text, "procedure: payment type"),
            "mode_of_transport": .init(.text, "procedure: mode of transport"),
            "importer": .init(.text, "importer id"),
            "declarant": .init(.text, "declarant id"),
            "seller": .init(.text, "seller id"),
            "courier": .init(.text, "courier / carrier id"),
            "hs_code": .init(.text, "the item's HS code as declared (6, 8 or 10 digits)"),
            "hs_chapter": .init(.text, "HS chapter (2 digits)"),
            "hs_heading": .init(.text, "HS heading (4 digits)"),
            "hs_subheading": .init(.text, "HS subheading (6 digits)"),
            "origin": .init(.text, "country of origin (ISO 3166-1 alpha-2)"),
            "departure": .init(.text, "country of departure"),
            "tax_type": .init(.text, "tax type"),
            "origin_marking": .init(.text, "origin marking"),
            "customs_value": .init(.number, "the item's customs value"),
            "currency": .init(.text, "the item's currency (ISO 4217)"),
            "net_mass": .init(.number, "the item's net mass, kg"),
            "unit_value": .init(.number, "customs value per kg"),
            "duty_rate": .init(.number, "duty rate, percent"),
            "unit_value_ratio": .init(.number, "unit value ÷ the training median for its HS6 × origin (0.3 = 70 % below)"),
            "importer_days_seen": .init(.number, "days since the importer was first seen (0 = first time)"),
            "items": .init(.number, "number of goods items in the declaration"),
            "score": .init(.number, "the model's fraud probability, 0–1"),
            "aeo": .init(.bool, "the importer is an authorised economic operator"),
        ],
        lanes: Lane.allCases.map(\.rawValue),
        withheld: ["importer", "declarant", "seller", "courier"])

    let declaration: Declaration
    let item: GoodsItem
    let pipeline: FeaturePipeline?
    let score: Double?
    let aeo: Bool
    let day: Int

    public init(declaration: Declaration, item: GoodsItem, pipeline: FeaturePipeline?, score: Double?, aeo: Bool) {
        self.declaration = declaration
        self.item = item
        self.pipeline = pipeline
        self.score = score
        self.aeo = aeo
        day = Int(saturating: (declaration.lodgedAt.timeIntervalSince1970 / 86_400).rounded(.down))
    }

    public func value(of field: String) -> RuleValue? {
        let hs = item.hsCode.digits
        let procedure = declaration.procedure
        let parties = declaration.parties
        switch field {
        case "office": return .text(declaration.office)
        case "process_type": return .text(procedure.processType)
        case "import_type": return .text(procedure.importType)
        case "import_use": return .text(procedure.importUse)
        case "payment_type": return .text(procedure.paymentType)
        case "mode_of_transport": return .text(procedure.modeOfTransport)
        case "importer": return .text(parties.importer)
        case "declarant": return .text(parties.declarant)
        case "seller": return parties.seller.map(RuleValue.text)
        case "courier": return parties.carrier.map(RuleValue.text)
        case "hs_code": return .text(hs)
        case "hs_chapter": return .text(String(hs.prefix(2)))
        case "hs_heading": return .text(String(hs.prefix(4)))
        case "hs_subheading": return .text(String(hs.prefix(6)))
        case "origin": return .text(item.countryOfOrigin.code)
        case "departure": return .text(item.countryOfDeparture.code)
        case "tax_type": return .text(item.taxType)
        case "origin_marking": return item.originMarking.map(RuleValue.text)
        case "customs_value": return .number(item.customsValue.amount.doubleValue)
        case "currency": return .text(item.customsValue.currency.code)
        case "net_mass": return .number(item.netMass.doubleValue)
        case "unit_value":
            let mass = item.netMass.doubleValue
            return mass > 0 ? .number(item.customsValue.amount.doubleValue / mass) : nil
        case "duty_rate": return .number(item.dutyRate.doubleValue)
        case "unit_value_ratio":
            // The same log unit value the model uses, against the same medians.
            guard let manifest = pipeline?.manifest else { return nil }
            let value = item.customsValue.amount.doubleValue
            let mass = item.netMass.doubleValue
            let logUnitValue = log1p(max(value, 0)) - log1p(max(mass, 0))
            let hs6 = String(hs.prefix(6))
            guard let median = manifest.unitValueMedianByHS6Origin[hs6 + "|" + item.countryOfOrigin.code] ?? manifest.unitValueMedianByHS6[hs6]
            else { return nil }
            return .number(exp(logUnitValue - median))
        case "importer_days_seen":
            guard let manifest = pipeline?.manifest else { return nil }
            guard let first = manifest.importerFirstSeen[parties.importer], first < day else { return .number(0) }
            return .number(Double(day) - Double(first))  // in doubles: `first` comes from a manifest file
        case "items": return .number(Double(declaration.items.count))
        case "score": return score.map(RuleValue.number)
        case "aeo": return .bool(aeo)
        default: return nil
        }
    }

    /// The rule hits of a declaration: each rule once, for the first item it hits.
    public static func evaluate(_ rules: RuleSet, declaration: Declaration, pipeline: FeaturePipeline?, score: Double?, aeo: Bool) -> [RuleHit] {
        var hits: [RuleHit] = []
        var seen = Set<String>()
        for item in declaration.items {
            let facts = DeclarationFacts(declaration: declaration, item: item, pipeline: pipeline, score: score, aeo: aeo)
            for hit in rules.evaluate(facts) where seen.insert(hit.ruleID).inserted { hits.append(hit) }
        }
        return hits
    }
}
