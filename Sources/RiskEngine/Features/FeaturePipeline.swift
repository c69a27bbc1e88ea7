import Foundation

/// Turns declarations into the numeric matrix the model reads: fitted on training data,
/// then applied unchanged to anything scored later.
///
/// Features, per declaration (names in ``FeatureManifest/featureNames``):
/// - `log_value`, `log_mass`, `log_unit_value`, `duty_rate`;
/// - `unit_value_deviation`: log unit value minus the training median for the same HS6 ×
///   origin (or HS6, or overall) — the valuation check analysts run by hand;
/// - `importer_tenure_days`: days since the importer was first seen;
/// - for every categorical field (HS chapter/heading/subheading, parties, office, origin,
///   procedure codes and the combinations HS6 × origin, office × importer, importer × HS6,
///   declarant × importer): a smoothed fraud rate (`te_…`), how many labelled declarations
///   it rests on (`seen_…`) and the value's frequency in the training data (`freq_…`).
///
/// **No leakage.** Within the training data, target encodings — their prior included — are
/// computed in time order, day by day: a row's encoding uses only the labels of earlier days,
/// never its own, never a later one. Rows scored later (validation, test, production) use the whole training data
/// and nothing else. Values never seen encode as the prior with zero support.
public struct FeaturePipeline: Sendable {
    public let manifest: FeatureManifest

    /// Per field, per value: fraud count, labelled count and frequency — one lookup per field
    /// and row when scoring, instead of two.
    private let lookup: [[String: SIMD4<Double>]]

    public init(manifest: FeatureManifest) {
        self.manifest = manifest
        lookup = RiskRecord.Field.allCases.map { field in
            var table: [String: SIMD4<Double>] = [:]
            for (value, tally) in manifest.tallies[field.name] ?? [:] { table[value] = SIMD4(tally.fraud, tally.count, 0, 0) }
            for (value, frequency) in manifest.tallies["freq:" + field.name] ?? [:] {
                table[value, default: .zero][2] = frequency.count
            }
            return table
        }
    }

    static let numericNames = ["log_value", "log_mass", "log_unit_value", "duty_rate", "unit_value_deviation", "importer_tenure_days"]

    static var featureNames: [String] {
        numericNames + RiskRecord.Field.allCases.flatMap { ["te_\($0.name)", "seen_\($0.name)", "freq_\($0.name)"] }
    }

    public var columnCount: Int { manifest.featureNames.count }

    /// Fits the pipeline on labelled training records and returns it with the training
    /// matrix (row-major, in the order of `records`), encoded out of fold in time order.
    /// Unlabelled records are encoded but teach nothing.
    public static func fit(_ records: [RiskRecord], smoothing: Double = 10) -> (FeaturePipeline, [Float]) {
        let labelled = records.filter { $0.fraud != nil }
        let prior = labelled.isEmpty ? 0 : Double(labelled.count { $0.fraud == true }) / Double(labelled.count)
        let fields = RiskRecord.Field.allCases

        // Frequencies and unit-value medians use no labels: computed over all training rows.
        var frequency = [[String: Double]](repeating: [:], count: fields.count)
        var byHS6Origin: [String: [Double]] = [:]
        var byHS6: [String: [Double]] = [:]
        var all: [Double] = []
        var firstSeen: [String: Int] = [:]
        for record in records {
            for field in fields { frequency[field.rawValue][record.categories[field.rawValue], default: 0] += 1 }
            let unitValue = record.logUnitValue
            byHS6Origin[record.categories[RiskRecord.Field.hs6Origin.rawValue], default: []].append(unitValue)
            byHS6[record.categories[RiskRecord.Field.hs6.rawValue], default: []].append(unitValue)
            all.append(unitValue)
            let importer = record.categories[RiskRecord.Field.importer.rawValue]
            firstSeen[importer] = min(firstSeen[importer] ?? record.day, record.day)
        }
        let medianByHS6Origin = byHS6Origin.mapValues(median)
        let medianByHS6 = byHS6.mapValues(median)
        let overall = median(all)

        // Target encodings in time order: rows of one day see only earlier days' labels.
        let order = records.indices.sorted { (records[$0].day, records[$0].id) < (records[$1].day, records[$1].id) }
        var running = [[String: FeatureManifest.Tally]](repeating: [:], count: fields.count)
        var runningFirstSeen: [String: Int] = [:]
        // The prior too is the running one: the overall fraud share of earlier days (Laplace-
        // smoothed, so the first day starts from one half), never the share of all training rows.
        var earlierFraud = 0.0
        var earlierLabelled = 0.0
        let columns = featureNames.count
        var matrix = [Float](repeating: 0, count: records.count * columns)
        var start = 0
        while start < order.count {
            var end = start
            while end < order.count, records[order[end]].day == records[order[start]].day { end += 1 }
            for position in start..<end {
                let index = order[position]
                let record = records[index]
                let importer = record.categories[RiskRecord.Field.importer.rawValue]
                if runningFirstSeen[importer] == nil { runningFirstSeen[importer] = record.day }
                let runningPrior = (earlierFraud + 1) / (earlierLabelled + 2)
                write(
                    record, into: &matrix, row: index, columns: columns, prior: runningPrior, smoothing: smoothing,
                    statistics: { field, value in
                        let tally = running[field][value]
                        return SIMD4(tally?.fraud ?? 0, tally?.count ?? 0, frequency[field][value] ?? 0, 0)
                    },
                    medians: (medianByHS6Origin, medianByHS6, overall), firstSeen: runningFirstSeen[importer]!)
            }
            for position in start..<end {
                let record = records[order[position]]
                guard let fraud = record.fraud else { continue }
                earlierLabelled += 1
                if fraud { earlierFraud += 1 }
                for field in fields {
                    var tally = running[field.rawValue][record.categories[field.rawValue]] ?? .init(fraud: 0, count: 0)
                    tally.count += 1
                    if fraud { tally.fraud += 1 }
                    running[field.rawValue][record.categories[field.rawValue]] = tally
                }
            }
            start = end
        }

        var tallies: [String: [String: FeatureManifest.Tally]] = [:]
        for field in fields { tallies[field.name] = running[field.rawValue] }
        // The frequency of every value is kept in the tallies' counts of *labelled* rows; the
        // plain frequency (labelled or not) is kept separately under a "freq:" prefix.
        for field in fields {
            tallies["freq:" + field.name] = frequency[field.rawValue].mapValues { .init(fraud: 0, count: $0) }
        }
        let manifest = FeatureManifest(
            prior: prior, smoothing: smoothing, tallies: tallies, unitValueMedianByHS6Origin: medianByHS6Origin,
            unitValueMedianByHS6: medianByHS6, unitValueMedian: overall, importerFirstSeen: firstSeen, featureNames: featureNames)
        return (FeaturePipeline(manifest: manifest), matrix)
    }

    /// Encodes records scored after training. Importers unknown to the training data count as
    /// first seen at their first appearance among `records` (in time order): that uses no label.
    public func transform(_ records: [RiskRecord]) -> [Float] {
        var firstSeen = manifest.importerFirstSeen
        for record in records.sorted(by: { ($0.day, $0.id) < ($1.day, $1.id) }) {
            let importer = record.categories[RiskRecord.Field.importer.rawValue]
            if firstSeen[importer] == nil { firstSeen[importer] = record.day }
        }
        let columns = columnCount
        let lookup = self.lookup
        var matrix = [Float](repeating: 0, count: records.count * columns)
        for (index, record) in records.enumerated() {
            let importer = record.categories[RiskRecord.Field.importer.rawValue]
            FeaturePipeline.write(
                record, into: &matrix, row: index, columns: columns, prior: manifest.prior, smoothing: manifest.smoothing,
                statistics: { field, value in lookup[field][value] ?? .zero },
                medians: (manifest.unitValueMedianByHS6Origin, manifest.unitValueMedianByHS6, manifest.unitValueMedian),
                firstSeen: min(firstSeen[importer] ?? record.day, record.day))
        }
        return matrix
    }

    private static func write(
        _ record: RiskRecord, into matrix: inout [Float], row: Int, columns: Int, prior: Double, smoothing: Double,
        statistics: (Int, String) -> SIMD4<Double>,
        medians: ([String: Double], [String: Double], Double), firstSeen: Int
    ) {
        let base = row * columns
        let unitValue = record.logUnitValue
        let reference =
            medians.0[record.categories[RiskRecord.Field.hs6Origin.rawValue]]
            ?? medians.1[record.categories[RiskRecord.Field.hs6.rawValue]] ?? medians.2
        matrix[base + 0] = Float(log1p(max(record.value, 0)))
        matrix[base + 1] = Float(log1p(max(record.mass, 0)))
        matrix[base + 2] = Float(unitValue)
        matrix[base + 3] = Float(record.dutyRate)
        matrix[base + 4] = Float(unitValue - reference)
        // In doubles: a first-seen day read from a manifest file may be anything an Int holds.
        matrix[base + 5] = Float(Double(record.day) - Double(firstSeen))
        var column = base + numericNames.count
        for field in RiskRecord.Field.allCases {
            // fraud count, labelled count, frequency
            let known = statistics(field.rawValue, record.categories[field.rawValue])
            matrix[column] = Float((known[0] + prior * smoothing) / (known[1] + smoothing))
            matrix[column + 1] = Float(known[1])
            matrix[column + 2] = Float(known[2])
            column += 3
        }
    }
}

func median(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return 0 }
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
