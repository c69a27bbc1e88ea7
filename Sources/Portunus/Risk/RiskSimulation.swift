import Foundation
import PortunusCore
import RiskEngine

/// Replays a stream of declarations week by week, as a customs office lives it: the current
/// model scores the week, k = ⌊n · rate%⌋ declarations are inspected, only their labels are
/// revealed, and the model is retrained on everything revealed so far before the next week.
/// Two arms run side by side from the same start: exploitation only (the k riskiest), and the
/// exploration mix (the k − e riskiest and e = ⌊k · exploration%⌋ drawn at random from the
/// rest). It shows whether spending part of the budget on random draws keeps the model
/// learning (Kim et al., the DATE paper's setting).
///
/// The settings are fixed before the run (rate, exploration share, seed, weekly retraining,
/// the risk model's hyper-parameters); the stream's labels are read only for what each arm
/// inspects, and for the oracle bounds of the report.
public struct RiskSimulation: Sendable {
    public struct Week: Codable, Sendable, Hashable {
        public var week: Int
        public var start: String
        public var declarations: Int
        public var inspected: Int
        public var found: Int
        public var precision: Double
        /// Duty proxy of the frauds found (fraud × value × duty rate / 100).
        public var revenue: Double
        /// Precision ÷ the best possible with k inspections (min(frauds, k) / k).
        public var normalizedPrecision: Double
        /// Revenue ÷ the duty proxy of the k most valuable frauds of the week.
        public var normalizedRevenue: Double

        enum CodingKeys: String, CodingKey {
            case week, start, declarations, inspected, found, precision, revenue
            case normalizedPrecision = "normalized_precision", normalizedRevenue = "normalized_revenue"
        }
    }

    public struct Arm: Codable, Sendable, Hashable {
        public var name: String
        public var explorationPercent: Double
        public var weeks: [Week]
        public var meanPrecision: Double
        public var meanNormalizedPrecision: Double
        public var totalRevenue: Double
        /// Revenue over all weeks ÷ the oracle's over all weeks.
        public var normalizedRevenue: Double

        enum CodingKeys: String, CodingKey {
            case name, explorationPercent = "exploration_percent", weeks, meanPrecision = "mean_precision"
            case meanNormalizedPrecision = "mean_normalized_precision", totalRevenue = "total_revenue", normalizedRevenue = "normalized_revenue"
        }
    }

    public struct Report: Codable, Sendable, Hashable {
        public var ratePercent: Double
        public var seed: UInt64
        public var revenue: String
        public var arms: [Arm]

        enum CodingKeys: String, CodingKey { case ratePercent = "rate_percent", seed, revenue, arms }
    }

    public var ratePercent: Double
    public var explorationPercent: Double
    public var seed: UInt64
    public var threads: Int
    public var hyperparameters: RiskModel.Hyperparameters

    public init(
        ratePercent: Double = 10, explorationPercent: Double = 10, seed: UInt64 = 0, threads: Int = 2,
        hyperparameters: RiskModel.Hyperparameters = .init()
    ) {
        self.ratePercent = ratePercent
        self.explorationPercent = explorationPercent
        self.seed = seed
        self.threads = threads
        self.hyperparameters = hyperparameters
    }

    /// Runs both arms. `training` must be labelled; `stream` is replayed in date order.
    public func run(training: [RiskRecord], stream: [RiskRecord], progress: (String) -> Void = { _ in }) throws -> Report {
        let labelledStream = stream.filter { $0.fraud != nil }.sorted { ($0.day, $0.id) < ($1.day, $1.id) }
        guard let firstDay = labelledStream.first?.day else {
            throw PortunusError(.invalidArgument, "the stream holds no labelled declarations", field: "stream")
        }
        // Weeks counted from the stream's first day.
        let weeks = Dictionary(grouping: labelledStream) { ($0.day - firstDay) / 7 }.sorted { $0.key < $1.key }.map(\.value)
        var arms: [Arm] = []
        for (name, exploration) in [("exploitation", 0.0), ("exploration", explorationPercent)] {
            var known = training.filter { $0.fraud != nil }
            var model = try trainOn(known)
            var results: [Week] = []
            for (index, week) in weeks.enumerated() {
                let scores = try model.score(week).map(Double.init)
                let selected = Self.select(
                    week, scores: scores, ratePercent: ratePercent, explorationPercent: exploration,
                    seed: seed &+ UInt64(index))
                results.append(Self.measure(week, selected: selected, index: index, ratePercent: ratePercent))
                known += selected.map { week[$0] }
                progress("\(name) week \(index + 1)/\(weeks.count): precision \(String(format: "%.3f", results.last!.precision))")
                if index < weeks.count - 1 { model = try trainOn(known) }
            }
            let oracleRevenue = results.reduce(0) { $0 + ($1.normalizedRevenue > 0 ? $1.revenue / $1.normalizedRevenue : 0) }
            let revenue = results.reduce(0) { $0 + $1.revenue }
            arms.append(
                Arm(
                    name: name, explorationPercent: exploration, weeks: results,
                    meanPrecision: results.map(\.precision).reduce(0, +) / Double(max(results.count, 1)),
                    meanNormalizedPrecision: results.map(\.normalizedPrecision).reduce(0, +) / Double(max(results.count, 1)),
                    totalRevenue: revenue, normalizedRevenue: oracleRevenue > 0 ? revenue / oracleRevenue : 0))
        }
        return Report(
            ratePercent: ratePercent, seed: seed,
            revenue: "duty proxy: fraud × customs value × duty rate / 100 (the data carry no recovered-revenue label)", arms: arms)
    }

    /// Trains on what is known: the latest fifth (by date) validates, for early stopping.
    func trainOn(_ known: [RiskRecord]) throws -> RiskModel {
        let sorted = known.sorted { ($0.day, $0.id) < ($1.day, $1.id) }
        let cut = sorted.count * 4 / 5
        return try RiskModel.train(
            training: Array(sorted[..<cut]), validation: Array(sorted[cut...]), hyperparameters: hyperparameters,
            seed: Int(seed % 1000), threads: threads)
    }

    /// Indices inspected: the riskiest k − e (ties by id), and e drawn at random from the rest.
    static func select(_ week: [RiskRecord], scores: [Double], ratePercent: Double, explorationPercent: Double, seed: UInt64) -> [Int] {
        let k = SelectivityPolicy.share(of: week.count, percent: ratePercent, .down)
        let e = SelectivityPolicy.share(of: k, percent: explorationPercent, .down)
        let order = week.indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : week[$0].id < week[$1].id }
        var rest = order.dropFirst(k - e).sorted { week[$0].id < week[$1].id }
        SplitMix64.shuffle(&rest, seed: seed)
        return Array(order.prefix(k - e)) + rest.prefix(e)
    }

    static func measure(_ week: [RiskRecord], selected: [Int], index: Int, ratePercent: Double) -> Week {
        let k = selected.count
        let found = selected.count { week[$0].fraud == true }
        let revenue = selected.reduce(0.0) { $0 + (week[$1].fraud == true ? week[$1].dutyAtStake : 0) }
        let frauds = week.filter { $0.fraud == true }
        let oracleRevenue = frauds.map(\.dutyAtStake).sorted(by: >).prefix(k).reduce(0, +)
        let oraclePrecision = k > 0 ? Double(min(frauds.count, k)) / Double(k) : 0
        let precision = k > 0 ? Double(found) / Double(k) : 0
        let start = ISO8601.format(Date(timeIntervalSince1970: Double(week.map(\.day).min() ?? 0) * 86_400)).prefix(10)
        return Week(
            week: index + 1, start: String(start), declarations: week.count, inspected: k, found: found, precision: precision,
            revenue: revenue, normalizedPrecision: oraclePrecision > 0 ? precision / oraclePrecision : 0,
            normalizedRevenue: oracleRevenue > 0 ? revenue / oracleRevenue : 0)
    }
}
