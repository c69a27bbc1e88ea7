import Foundation
import XGBoostKit

/// Why a declaration scored as it did, in sentences an officer reads: the model's largest
/// TreeSHAP contributions (XGBoost's `pred_contribs`), each feature family summed (a party's
/// fraud rate, support and frequency are one factor), then turned into plain language from the
/// declaration and what the model learned ("unit value 73% below the median for 690722 from
/// CN", "importer first seen 5 days ago").
///
/// Sentences name goods, places, offices and procedures, never a party's identifier: "the
/// importer", not who it is.
public struct RiskExplanation: Codable, Sendable, Hashable {
    public struct Factor: Codable, Sendable, Hashable {
        /// The feature family: a numeric feature's name, or a categorical field's.
        public var feature: String
        /// In log-odds; positive raises the risk.
        public var contribution: Double
        public var sentence: String
    }

    /// Largest first by size, with their direction.
    public var factors: [Factor]
    /// The model's starting point before any feature (log-odds).
    public var bias: Double
}

extension RiskModel {
    /// Explanations for records, the `top` largest factors each. Slower than scoring (TreeSHAP
    /// costs about depth² per tree and leaf): meant for the lanes that need it and on demand.
    public func explain(_ records: [RiskRecord], top: Int = 5) throws -> [RiskExplanation] {
        guard !records.isEmpty else { return [] }
        let matrix = try DMatrix(values: pipeline.transform(records), rows: records.count, columns: pipeline.columnCount, threads: booster.threads)
        let contributions = try booster.contributions(matrix, rounds: metadata.bestRound + 1)
        let names = pipeline.manifest.featureNames
        return zip(records, contributions).map { record, row in
            var families: [String: Double] = [:]
            for (index, name) in names.enumerated() { families[RiskExplanation.family(of: name), default: 0] += Double(row[index]) }
            let factors = families.sorted { abs($0.value) != abs($1.value) ? abs($0.value) > abs($1.value) : $0.key < $1.key }
                .prefix(top)
                .map {
                    RiskExplanation.Factor(
                        feature: $0.key, contribution: $0.value,
                        sentence: pipeline.sentence(for: $0.key, record: record) + ($0.value >= 0 ? " (raises risk)" : " (lowers risk)"))
                }
            return RiskExplanation(factors: Array(factors), bias: Double(row[names.count]))
        }
    }
}

extension RiskExplanation {
    /// `te_importer`, `seen_importer`, `freq_importer` → `importer`; numeric features stay.
    static func family(of feature: String) -> String {
        for prefix in ["te_", "seen_", "freq_"] where feature.hasPrefix(prefix) { return String(feature.dropFirst(prefix.count)) }
        return feature
    }
}

extension FeaturePipeline {
    /// The plain-language sentence for one feature family of one record.
    public func sentence(for family: String, record: RiskRecord) -> String {
        let hs6 = record.categories[RiskRecord.Field.hs6.rawValue]
        let origin = record.categories[RiskRecord.Field.origin.rawValue]
        switch family {
        case "unit_value_deviation":
            let (reference, scope): (Double, String) =
                if let byOrigin = manifest.unitValueMedianByHS6Origin[record.categories[RiskRecord.Field.hs6Origin.rawValue]] {
                    (byOrigin, "for \(hs6) from \(origin)")
                } else if let byHS6 = manifest.unitValueMedianByHS6[hs6] {
                    (byHS6, "for \(hs6)")
                } else {
                    (manifest.unitValueMedian, "of all goods")
                }
            let ratio = exp(record.logUnitValue - reference)
            let percent = Int((abs(1 - ratio) * 100).rounded())
            if percent == 0 { return "unit value at the median \(scope)" }
            return "unit value \(percent)% \(ratio < 1 ? "below" : "above") the median \(scope)"
        case "importer_tenure_days":
            let first = manifest.importerFirstSeen[record.categories[RiskRecord.Field.importer.rawValue]]
            guard let first, first < record.day else { return "importer seen for the first time" }
            let days = record.day - first
            return "importer first seen \(days) day\(days == 1 ? "" : "s") ago"
        case "log_value":
            return "customs value \(Self.grouped(record.value))"
        case "log_mass":
            return "net mass \(Self.grouped(record.mass)) kg"
        case "log_unit_value":
            return record.mass > 0 ? "unit value \(String(format: "%.2f", record.value / record.mass)) per kg" : "no net mass declared"
        case "duty_rate":
            return "duty rate \(String(format: "%g", record.dutyRate))%"
        default:
            guard let field = RiskRecord.Field.allCases.first(where: { $0.name == family }) else { return family }
            let subject = Self.subject(field, record: record)
            let tally = manifest.tallies[field.name]?[record.categories[field.rawValue]]
            guard let tally, tally.count > 0 else {
                let frequency = manifest.tallies["freq:" + field.name]?[record.categories[field.rawValue]]?.count ?? 0
                return frequency > 0 ? "\(subject): no inspection history (\(Int(frequency)) declarations)" : "\(subject): never seen before"
            }
            let percent = Int((tally.fraud / tally.count * 100).rounded())
            return "\(subject): \(Int(tally.fraud)) of \(Int(tally.count)) inspected declarations irregular (\(percent)%)"
        }
    }

    /// How a field is named to an officer. Parties are named by their role only.
    static func subject(_ field: RiskRecord.Field, record: RiskRecord) -> String {
        let value = record.categories[field.rawValue]
        let hs6 = record.categories[RiskRecord.Field.hs6.rawValue]
        let office = record.categories[RiskRecord.Field.office.rawValue]
        switch field {
        case .office: return "office \(value)"
        case .processType: return "process type \(value)"
        case .importType: return "import type \(value)"
        case .importUse: return "import use \(value)"
        case .paymentType: return "payment type \(value)"
        case .modeOfTransport: return "mode of transport \(value)"
        case .declarant: return "the declarant"
        case .importer: return "the importer"
        case .seller: return "the seller"
        case .carrier: return "the courier"
        case .hs6: return "HS \(value)"
        case .hs4: return "heading \(value)"
        case .hs2: return "chapter \(value)"
        case .origin: return "origin \(value)"
        case .departure: return "departure from \(value)"
        case .taxType: return "tax type \(value)"
        case .originMarking: return "origin marking \(value)"
        case .hs6Origin: return "HS \(hs6) from \(record.categories[RiskRecord.Field.origin.rawValue])"
        case .officeImporter: return "the importer at office \(office)"
        case .importerHS6: return "the importer with HS \(hs6)"
        case .declarantImporter: return "this declarant for this importer"
        }
    }

    static func grouped(_ value: Double) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.maximumFractionDigits = value < 10 ? 2 : 0
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.usesGroupingSeparator = true
        formatter.groupingSeparator = ","
        formatter.groupingSize = 3
        return formatter.string(from: NSNumber(value: value)) ?? String(value)
    }
}
