import Crypto
import Foundation
import PortunusCore
import Rules

/// The four selectivity lanes customs administrations run (ASYCUDA's colours).
public enum Lane: String, Codable, Sendable, CaseIterable, Comparable {
    /// Physical examination.
    case red
    /// Documentary check.
    case yellow
    /// Release, then post-clearance audit.
    case blue
    /// Release.
    case green

    /// Red is the most severe; when rules force several lanes, the most severe wins.
    var severity: Int {
        switch self {
        case .red: 3
        case .yellow: 2
        case .blue: 1
        case .green: 0
        }
    }

    public static func < (lhs: Lane, rhs: Lane) -> Bool { lhs.severity < rhs.severity }
    public var inspects: Bool { self == .red || self == .yellow }
}

/// How one office's day of declarations is split into lanes.
public struct SelectivityPolicy: Codable, Sendable, Hashable {
    public enum Budget: Codable, Sendable, Hashable {
        /// Inspections (red + yellow) as a percentage of the office's declarations that day.
        case percent(Double)
        /// A fixed number of inspections per office and day.
        case count(Int)
    }

    public var budget: Budget = .percent(10)
    /// Of the budget, the percentage drawn at random from the declarations not selected by
    /// risk (exploration: only inspected declarations teach the model).
    public var explorationPercent: Double = 10
    /// Of the declarations selected by risk, the riskiest percentage goes red, the rest yellow.
    public var redPercent: Double = 50
    /// Of the day's declarations, this percentage — the riskiest not inspected — goes blue.
    public var bluePercent: Double = 10
    /// An authorised economic operator's score is multiplied by this (lower risk).
    public var aeoFactor: Double = 0.5

    public init() {}

    /// `percent` % of `count`, rounded by `rule`. Percentages come from command lines,
    /// configuration files and queries: clamped to 0–100 (NaN as 0), so the conversion to
    /// `Int` cannot trap and a negative share cannot make the budget arithmetic overflow.
    public static func share(of count: Int, percent: Double, _ rule: FloatingPointRoundingRule) -> Int {
        let clamped = percent.isNaN ? 0 : min(max(percent, 0), 100)
        return Int(saturating: (Double(count) * clamped / 100).rounded(rule))
    }

    /// Inspections for a day of `volume` declarations.
    public func inspections(volume: Int) -> Int {
        switch budget {
        case .percent(let percent): Self.share(of: volume, percent: percent, .down)
        case .count(let count): min(max(count, 0), volume)
        }
    }
}

/// One declaration as selectivity sees it.
public struct SelectivityCandidate: Sendable, Hashable {
    public var id: String
    public var office: String
    /// The lodgement day, `YYYY-MM-DD` (UTC).
    public var day: String
    /// The model's fraud probability.
    public var score: Double
    public var ruleHits: [RuleHit]
    /// The importer is an authorised economic operator.
    public var aeo: Bool

    public init(id: String, office: String, day: String, score: Double, ruleHits: [RuleHit] = [], aeo: Bool = false) {
        self.id = id
        self.office = office
        self.day = day
        self.score = score
        self.ruleHits = ruleHits
        self.aeo = aeo
    }

    /// The score selectivity ranks by: the model's, plus rules' additions, clamped to [0, 1],
    /// then lowered for an authorised economic operator.
    public func riskScore(_ policy: SelectivityPolicy) -> Double {
        let added = ruleHits.reduce(score) { $0 + ($1.effect.addScore ?? 0) }
        return min(max(added, 0), 1) * (aeo ? policy.aeoFactor : 1)
    }

    /// The most severe lane rules force, if any, with the rule that forced it.
    public var forcedLane: (lane: Lane, ruleID: String)? {
        ruleHits.compactMap { hit in hit.effect.lane.flatMap(Lane.init(rawValue:)).map { ($0, hit.ruleID) } }
            .max { $0.0 < $1.0 }
    }
}

/// Why a declaration got its lane.
public enum Selection: String, Codable, Sendable, Hashable {
    /// A rule forced the lane.
    case rule
    /// Among the riskiest within the inspection budget.
    case risk
    /// Drawn at random for exploration.
    case exploration
    /// Not inspected: blue (riskiest of the rest) or green.
    case release
}

/// A lane decision and what it rests on.
public struct LaneDecision: Sendable, Hashable, Codable {
    public var id: String
    public var lane: Lane
    public var selection: Selection
    /// The score ranked by (after rules and AEO treatment).
    public var riskScore: Double
    /// The rule that forced the lane, when one did.
    public var forcedBy: String?
    /// The random seed of the office's day: with the day's candidates, it re-derives every
    /// lane (``Selectivity/assign(_:policy:seed:)``).
    public var seed: UInt64
}

/// Assigns lanes office by office and day by day, exactly:
///
/// 1. Rules that force a lane apply first; forced red and yellow use up inspections.
/// 2. The budget k (percent of the day's volume, or a count) less the forced inspections
///    leaves r + e inspections: e = ⌊k · exploration%⌋ (at most what is left) drawn at random
///    from the declarations not otherwise selected, r filled from the highest risk down (ties
///    by ascending id). Of the r, the riskiest ⌈r · red%⌉ go red, the others yellow;
///    exploration draws go red (a physical examination is what reveals the truth).
/// 3. Of the rest, the riskiest ⌊n · blue%⌋ go blue, the others green.
///
/// The random draw uses a generator seeded per office and day from `seed`, recorded in
/// every decision, so a stored decision can be re-derived.
public enum Selectivity {
    public static func assign(_ candidates: [SelectivityCandidate], policy: SelectivityPolicy, seed: UInt64) -> [LaneDecision] {
        let groups = Dictionary(grouping: candidates) { OfficeDay(office: $0.office, day: $0.day) }
        var decisions: [String: LaneDecision] = [:]
        for (key, group) in groups {
            let daySeed = seedFor(key, seed: seed)
            for decision in assignDay(group, policy: policy, seed: daySeed) { decisions[decision.id] = decision }
        }
        return candidates.map { decisions[$0.id]! }
    }

    struct OfficeDay: Hashable {
        var office: String
        var day: String
    }

    /// The seed of one office's day: the first 8 bytes of SHA-256(seed, office, day).
    public static func seedFor(office: String, day: String, seed: UInt64) -> UInt64 { seedFor(OfficeDay(office: office, day: day), seed: seed) }

    static func seedFor(_ key: OfficeDay, seed: UInt64) -> UInt64 {
        var hasher = SHA256()
        withUnsafeBytes(of: seed.bigEndian) { hasher.update(bufferPointer: $0) }
        hasher.update(data: Data("\(key.office)\n\(key.day)".utf8))
        return hasher.finalize().prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }

    /// One office-day, with its own seed (as stored in its decisions).
    public static func assignDay(_ group: [SelectivityCandidate], policy: SelectivityPolicy, seed: UInt64) -> [LaneDecision] {
        let sorted = group.sorted { $0.id < $1.id }
        let n = sorted.count
        var result: [LaneDecision] = []
        var open: [(candidate: SelectivityCandidate, score: Double)] = []
        var forcedInspections = 0
        for candidate in sorted {
            let score = candidate.riskScore(policy)
            if let (lane, rule) = candidate.forcedLane {
                result.append(LaneDecision(id: candidate.id, lane: lane, selection: .rule, riskScore: score, forcedBy: rule, seed: seed))
                if lane.inspects { forcedInspections += 1 }
            } else {
                open.append((candidate, score))
            }
        }
        let budget = policy.inspections(volume: n)
        let left = max(0, budget - forcedInspections)
        let exploration = min(left, SelectivityPolicy.share(of: budget, percent: policy.explorationPercent, .down), open.count)
        let byRisk = min(left - exploration, open.count)
        open.sort { $0.score != $1.score ? $0.score > $1.score : $0.candidate.id < $1.candidate.id }
        let red = SelectivityPolicy.share(of: byRisk, percent: policy.redPercent, .up)
        for (rank, entry) in open.prefix(byRisk).enumerated() {
            result.append(
                LaneDecision(
                    id: entry.candidate.id, lane: rank < red ? .red : .yellow, selection: .risk, riskScore: entry.score,
                    forcedBy: nil, seed: seed))
        }
        // Exploration: a seeded shuffle of the rest (in id order, so the draw depends only on
        // the seed and the candidates), first e taken.
        var rest = Array(open.dropFirst(byRisk)).sorted { $0.candidate.id < $1.candidate.id }
        SplitMix64.shuffle(&rest, seed: seed)
        let explored = rest.prefix(exploration)
        for entry in explored {
            result.append(
                LaneDecision(id: entry.candidate.id, lane: .red, selection: .exploration, riskScore: entry.score, forcedBy: nil, seed: seed))
        }
        let released = rest.dropFirst(exploration).sorted { $0.score != $1.score ? $0.score > $1.score : $0.candidate.id < $1.candidate.id }
        let blue = SelectivityPolicy.share(of: n, percent: policy.bluePercent, .down)
        for (rank, entry) in released.enumerated() {
            result.append(
                LaneDecision(
                    id: entry.candidate.id, lane: rank < blue ? .blue : .green, selection: .release, riskScore: entry.score,
                    forcedBy: nil, seed: seed))
        }
        return result
    }
}
