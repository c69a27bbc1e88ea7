import Foundation

/// How well a ranking picks fraud when only the top n % can be inspected — the measures of
/// the customs literature (DATE, KDD 2020; the Customs Import Declaration Datasets), with
/// the inspected set fixed at exactly k = ⌊N·n/100⌋ declarations.
public struct InspectionMetrics: Codable, Sendable, Hashable {
    /// Keys are inspection rates in percent ("1", "2", "5", "10"); values are shares in 0…1.
    public var precisionAt: [String: Double]
    public var recallAt: [String: Double]
    /// Share of recoverable revenue in the inspected set. On the KCS data this is the duty
    /// proxy (fraud × value × duty rate / 100), not a recovered-revenue label.
    public var revenueAt: [String: Double]
    public var auc: Double
    /// Precision, recall and revenue divided by their oracle bounds at the same k.
    public var normalized: Normalized

    public struct Normalized: Codable, Sendable, Hashable {
        public var precisionAt: [String: Double]
        public var recallAt: [String: Double]
        public var revenueAt: [String: Double]

        enum CodingKeys: String, CodingKey {
            case precisionAt = "precision_at", recallAt = "recall_at", revenueAt = "revenue_at"
        }
    }

    enum CodingKeys: String, CodingKey {
        case precisionAt = "precision_at", recallAt = "recall_at", revenueAt = "revenue_at", auc, normalized
    }

    /// The inspection rates reported, in percent.
    public static let rates = [1, 2, 5, 10]

    /// Indices of the k = ⌊N·rate/100⌋ highest scores; ties broken by ascending declaration id.
    public static func topK(scores: [Double], ids: [String], rate: Int) -> [Int] {
        let k = scores.count * rate / 100
        let order = scores.indices.sorted { a, b in
            if scores[a] != scores[b] { return scores[a] > scores[b] }
            return idPrecedes(ids[a], ids[b])
        }
        return Array(order.prefix(k))
    }

    /// Numeric ids compare as numbers, others as text.
    static func idPrecedes(_ a: String, _ b: String) -> Bool {
        let numeric = { (text: String) in !text.isEmpty && text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
        if numeric(a) && numeric(b) {
            let x = a.drop { $0 == "0" }
            let y = b.drop { $0 == "0" }
            return x.count != y.count ? x.count < y.count : x < y
        }
        return a < b
    }

    /// Computes every measure for one ranking.
    public static func evaluate(scores: [Double], fraud: [Bool], revenue: [Double], ids: [String]) -> InspectionMetrics {
        let frauds = fraud.count { $0 }
        let totalRevenue = revenue.reduce(0, +)
        let sortedRevenue = revenue.sorted(by: >)
        var precision: [String: Double] = [:]
        var recall: [String: Double] = [:]
        var captured: [String: Double] = [:]
        var normalizedPrecision: [String: Double] = [:]
        var normalizedRecall: [String: Double] = [:]
        var normalizedRevenue: [String: Double] = [:]
        for rate in rates {
            let key = String(rate)
            let selected = topK(scores: scores, ids: ids, rate: rate)
            let k = selected.count
            let hits = selected.count { fraud[$0] }
            let revenueFound = selected.reduce(0) { $0 + revenue[$1] }
            precision[key] = k > 0 ? Double(hits) / Double(k) : 0
            recall[key] = frauds > 0 ? Double(hits) / Double(frauds) : 0
            captured[key] = totalRevenue > 0 ? revenueFound / totalRevenue : 0
            let precisionBound = k > 0 ? min(Double(frauds) / Double(k), 1) : 0
            let recallBound = frauds > 0 ? min(Double(k) / Double(frauds), 1) : 0
            let revenueBound = totalRevenue > 0 ? sortedRevenue.prefix(k).reduce(0, +) / totalRevenue : 0
            normalizedPrecision[key] = precisionBound > 0 ? precision[key]! / precisionBound : 0
            normalizedRecall[key] = recallBound > 0 ? recall[key]! / recallBound : 0
            normalizedRevenue[key] = revenueBound > 0 ? captured[key]! / revenueBound : 0
        }
        return InspectionMetrics(
            precisionAt: precision, recallAt: recall, revenueAt: captured, auc: auc(scores: scores, fraud: fraud),
            normalized: .init(precisionAt: normalizedPrecision, recallAt: normalizedRecall, revenueAt: normalizedRevenue))
    }

    /// ROC AUC as the Mann–Whitney statistic, ties counted half.
    public static func auc(scores: [Double], fraud: [Bool]) -> Double {
        let positives = fraud.count { $0 }
        let negatives = fraud.count - positives
        guard positives > 0, negatives > 0 else { return 0.5 }
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var rankSum = 0.0
        var position = 0
        while position < order.count {
            var end = position
            while end < order.count, scores[order[end]] == scores[order[position]] { end += 1 }
            let averageRank = Double(position + end + 1) / 2  // ranks are 1-based
            for index in position..<end where fraud[order[index]] { rankSum += averageRank }
            position = end
        }
        return (rankSum - Double(positives) * Double(positives + 1) / 2) / (Double(positives) * Double(negatives))
    }

    /// The mean of several runs (seeds), measure by measure.
    public static func mean(_ runs: [InspectionMetrics]) -> InspectionMetrics {
        func average(_ pick: (InspectionMetrics) -> [String: Double]) -> [String: Double] {
            var result: [String: Double] = [:]
            for key in rates.map(String.init) { result[key] = runs.map { pick($0)[key] ?? 0 }.reduce(0, +) / Double(max(runs.count, 1)) }
            return result
        }
        return InspectionMetrics(
            precisionAt: average(\.precisionAt), recallAt: average(\.recallAt), revenueAt: average(\.revenueAt),
            auc: runs.map(\.auc).reduce(0, +) / Double(max(runs.count, 1)),
            normalized: .init(
                precisionAt: average(\.normalized.precisionAt), recallAt: average(\.normalized.recallAt),
                revenueAt: average(\.normalized.revenueAt)))
    }
}
