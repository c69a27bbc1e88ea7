import Foundation
import PortunusCore

/// The view of a declaration that risk features are computed from: one row per declaration.
///
/// A declaration with several goods items is summarised by its most valuable item (its HS
/// code, origin and tax type: what an analyst looks at first), with value and mass summed
/// over all items and the duty rate weighted by value. The public KCS files hold one item per
/// declaration, for which this is exact.
public struct RiskRecord: Sendable, Hashable {
    /// The categorical fields, in a fixed order, including the combinations analysts use.
    public enum Field: Int, CaseIterable, Sendable {
        case office, processType, importType, importUse, paymentType, modeOfTransport
        case declarant, importer, seller, carrier
        case hs6, hs4, hs2, origin, departure, taxType, originMarking
        case hs6Origin, officeImporter, importerHS6, declarantImporter

        public var name: String {
            switch self {
            case .office: "office"
            case .processType: "process_type"
            case .importType: "import_type"
            case .importUse: "import_use"
            case .paymentType: "payment_type"
            case .modeOfTransport: "mode_of_transport"
            case .declarant: "declarant"
            case .importer: "importer"
            case .seller: "seller"
            case .carrier: "carrier"
            case .hs6: "hs6"
            case .hs4: "hs4"
            case .hs2: "hs2"
            case .origin: "origin"
            case .departure: "departure"
            case .taxType: "tax_type"
            case .originMarking: "origin_marking"
            case .hs6Origin: "hs6_x_origin"
            case .officeImporter: "office_x_importer"
            case .importerHS6: "importer_x_hs6"
            case .declarantImporter: "declarant_x_importer"
            }
        }
    }

    public var id: String
    /// Days since 1970-01-01 (UTC) of lodgement.
    public var day: Int
    /// Values of ``Field``, by raw value.
    public var categories: [String]
    /// Customs value, summed over items.
    public var value: Double
    /// Net mass in kg, summed over items.
    public var mass: Double
    /// Duty rate in percent, weighted by value.
    public var dutyRate: Double
    /// Whether inspection found fraud; nil when the declaration was not inspected.
    public var fraud: Bool?

    public init(declaration: Declaration) {
        let items = declaration.items
        let main = items.max { $0.customsValue.amount < $1.customsValue.amount } ?? items[0]
        let value = items.reduce(0) { $0 + $1.customsValue.amount.doubleValue }
        let weighted = items.reduce(0) { $0 + $1.customsValue.amount.doubleValue * $1.dutyRate.doubleValue }
        self.id = declaration.id.rawValue
        self.day = Int(saturating: (declaration.lodgedAt.timeIntervalSince1970 / 86_400).rounded(.down))
        self.value = value
        self.mass = items.reduce(0) { $0 + $1.netMass.doubleValue }
        self.dutyRate = value > 0 ? weighted / value : main.dutyRate.doubleValue
        self.fraud = declaration.outcome?.fraud
        let hs = main.hsCode.digits
        let hs6 = String(hs.prefix(6))
        let parties = declaration.parties
        var categories = [String](repeating: "", count: Field.allCases.count)
        categories[Field.office.rawValue] = declaration.office
        categories[Field.processType.rawValue] = declaration.procedure.processType
        categories[Field.importType.rawValue] = declaration.procedure.importType
        categories[Field.importUse.rawValue] = declaration.procedure.importUse
        categories[Field.paymentType.rawValue] = declaration.procedure.paymentType
        categories[Field.modeOfTransport.rawValue] = declaration.procedure.modeOfTransport
        categories[Field.declarant.rawValue] = parties.declarant
        categories[Field.importer.rawValue] = parties.importer
        categories[Field.seller.rawValue] = parties.seller ?? ""
        categories[Field.carrier.rawValue] = parties.carrier ?? ""
        categories[Field.hs6.rawValue] = hs6
        categories[Field.hs4.rawValue] = String(hs.prefix(4))
        categories[Field.hs2.rawValue] = String(hs.prefix(2))
        categories[Field.origin.rawValue] = main.countryOfOrigin.code
        categories[Field.departure.rawValue] = main.countryOfDeparture.code
        categories[Field.taxType.rawValue] = main.taxType
        categories[Field.originMarking.rawValue] = main.originMarking ?? ""
        categories[Field.hs6Origin.rawValue] = hs6 + "|" + main.countryOfOrigin.code
        categories[Field.officeImporter.rawValue] = declaration.office + "|" + parties.importer
        categories[Field.importerHS6.rawValue] = parties.importer + "|" + hs6
        categories[Field.declarantImporter.rawValue] = parties.declarant + "|" + parties.importer
        self.categories = categories
    }

    /// log(1 + value) − log(1 + mass): the log unit value, defined for zero masses too.
    var logUnitValue: Double { log1p(value) - log1p(mass) }

    /// The duty at stake if the declaration is fraudulent: value × duty rate / 100. Used as the
    /// revenue proxy on data without a recovered-revenue label (the KCS files): it is a proxy,
    /// and every report names it so.
    public var dutyAtStake: Double { value * dutyRate / 100 }
}
