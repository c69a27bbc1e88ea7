import Crypto
import Foundation
import PortunusCore

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
