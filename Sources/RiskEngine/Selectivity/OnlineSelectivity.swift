import Foundation
import PortunusCore

/// Lanes for declarations as they are lodged, one at a time, when the day's volume is not
/// known yet (the batch rule of ``Selectivity`` needs the whole day).
///
/// Risk thresholds come from the office's recent assessed scores: the score above which
/// (budget − exploration)% of recent declarations lay selects by risk, the top half of that
/// goes red; blue and green split the rest the same way. A cap keeps inspections within
/// budget: after n declarations of the day at most ⌈n · budget%⌉ (or the day's count budget)
/// are inspected. Exploration draws from the declarations not selected by risk with the
/// probability that makes it e% of the budget on average; the draw is a function of the
/// office-day seed and the declaration id, so a decision re-derives from what is stored:
/// the thresholds, the day's counts before it, its score and the seed.
public enum OnlineSelectivity {
    public struct Thresholds: Codable, Sendable, Hashable {
        /// Risk score at or above which a declaration is inspected by risk.
        public var inspect: Double
        /// At or above which an inspected one goes red rather than yellow.
        public var red: Double
        /// At or above which a released one goes blue rather than green.
        public var blue: Double
        /// Probability of an exploration draw for a declaration not selected by risk.
        public var exploration: Double
    }

    /// The day's counts at an office before a decision.
    public struct Counters: Codable, Sendable, Hashable {
        public var assessed = 0
        public var inspected = 0
        public init(assessed: Int = 0, inspected: Int = 0) {
            self.assessed = assessed
            self.inspected = inspected
        }
    }

    /// Thresholds from recent risk scores (any order); with no history, from the policy alone
    /// (treating scores as probabilities).
    public static func thresholds(recent: [Double], policy: SelectivityPolicy, typicalDailyVolume: Int) -> Thresholds {
        let budgetPercent: Double
        switch policy.budget {
        case .percent(let percent): budgetPercent = percent
        case .count(let count): budgetPercent = min(100, 100 * Double(count) / Double(max(typicalDailyVolume, 1)))
        }
        let explorationPercent = budgetPercent * policy.explorationPercent / 100
        let byRisk = max(budgetPercent - explorationPercent, 0)
        let sorted = recent.sorted(by: >)
        func above(_ percent: Double) -> Double {
            guard !sorted.isEmpty else { return 1 - percent / 100 }
            let index = SelectivityPolicy.share(of: sorted.count, percent: percent, .down)
            return index >= sorted.count ? -Double.infinity : (index == 0 ? sorted[0] + 1e-12 : sorted[index - 1])
        }
        let released = max(100 - byRisk, 1e-9)
        return Thresholds(
            inspect: byRisk > 0 ? above(byRisk) : .infinity, red: above(byRisk * policy.redPercent / 100),
            blue: above(byRisk + policy.bluePercent), exploration: min(1, explorationPercent / released))
    }

    /// The most inspections allowed once `assessed` declarations of the day are in.
    public static func cap(assessed: Int, policy: SelectivityPolicy) -> Int {
        switch policy.budget {
        case .percent(let percent): SelectivityPolicy.share(of: assessed, percent: percent, .up)
        case .count(let count): count
        }
    }

    /// A uniform draw in [0, 1) fixed by the office-day seed and the declaration id.
    public static func draw(id: String, seed: UInt64) -> Double {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in id.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        var generator = SplitMix64(seed: seed ^ hash)
        return Double(generator.next() >> 11) / Double(1 << 53)
    }

    /// Decides one declaration given the day's counts before it; returns the decision and the
    /// counts after it.
    public static func decide(
        _ candidate: SelectivityCandidate, policy: SelectivityPolicy, thresholds: Thresholds, counters: Counters,
        seed: UInt64
    ) -> (LaneDecision, Counters) {
        let score = candidate.riskScore(policy)
        var after = counters
        after.assessed += 1
        func decision(_ lane: Lane, _ selection: Selection, forcedBy: String? = nil) -> (LaneDecision, Counters) {
            if lane.inspects { after.inspected += 1 }
            return (LaneDecision(id: candidate.id, lane: lane, selection: selection, riskScore: score, forcedBy: forcedBy, seed: seed), after)
        }
        if let (lane, rule) = candidate.forcedLane { return decision(lane, .rule, forcedBy: rule) }
        let room = counters.inspected < cap(assessed: after.assessed, policy: policy)
        if room, score >= thresholds.inspect { return decision(score >= thresholds.red ? .red : .yellow, .risk) }
        if room, draw(id: candidate.id, seed: seed) < thresholds.exploration { return decision(.red, .exploration) }
        return decision(score >= thresholds.blue ? .blue : .green, .release)
    }
}
