import Foundation
import PortunusCore
import Testing

@testable import RiskEngine
@testable import Rules

func candidates(office: String, day: String, count: Int, seed: UInt64) -> [SelectivityCandidate] {
    var generator = SplitMix64(seed: seed)
    return (0..<count).map { index in
        SelectivityCandidate(
            id: "\(office)-\(day)-\(String(format: "%04d", index))", office: office, day: day,
            score: Double(generator.next() % 10_000) / 10_000)
    }
}

func hit(_ rule: String, lane: String? = nil, add: Double? = nil) -> RuleHit {
    RuleHit(ruleID: rule, effect: Effect(lane: lane, addScore: add, flag: nil), reason: rule)
}

@Suite("Selectivity lanes")
struct SelectivityTests {
    @Test("budget, exploration, red/yellow and blue counts are exact per office and day")
    func exactCounts() {
        var policy = SelectivityPolicy()
        policy.budget = .percent(10)
        policy.explorationPercent = 10
        let all =
            candidates(office: "A", day: "2026-11-01", count: 1000, seed: 1) + candidates(office: "A", day: "2026-11-02", count: 437, seed: 2)
            + candidates(office: "B", day: "2026-11-01", count: 250, seed: 3)
        let decisions = Selectivity.assign(all, policy: policy, seed: 42)
        #expect(decisions.map(\.id) == all.map(\.id), "one decision per candidate, in order")
        for (office, day, n) in [("A", "2026-11-01", 1000), ("A", "2026-11-02", 437), ("B", "2026-11-01", 250)] {
            let group = decisions.filter { $0.id.hasPrefix("\(office)-\(day)") }
            let k = n / 10
            let e = k / 10
            let r = k - e
            #expect(group.count { $0.lane.inspects } == k, "\(office) \(day)")
            #expect(group.count { $0.selection == .exploration } == e)
            #expect(group.count { $0.selection == .risk } == r)
            #expect(group.count { $0.selection == .risk && $0.lane == .red } == (r + 1) / 2)
            #expect(group.count { $0.lane == .blue } == n / 10)
            #expect(group.count { $0.lane == .green } == n - k - n / 10)
            // Risk selection is the top r by score; ties by id.
            let risk = group.filter { $0.selection == .risk }
            let lowestSelected = risk.map(\.riskScore).min()!
            #expect(group.filter { $0.selection == .release }.allSatisfy { $0.riskScore <= lowestSelected })
        }
        var counted = policy
        counted.budget = .count(7)
        let fixed = Selectivity.assign(candidates(office: "C", day: "2026-11-01", count: 40, seed: 4), policy: counted, seed: 1)
        #expect(fixed.count { $0.lane.inspects } == 7)
        #expect(fixed.count { $0.selection == .exploration } == 0, "⌊7 × 10 %⌋ = 0")
    }

    @Test("rules force lanes (the most severe wins) and use up the budget; added scores move the ranking")
    func forcedLanes() {
        var policy = SelectivityPolicy()
        policy.budget = .count(3)
        policy.explorationPercent = 0
        policy.bluePercent = 0
        var group = (0..<10).map { SelectivityCandidate(id: "D\($0)", office: "X", day: "2026-11-01", score: Double($0) / 10) }
        group[0].ruleHits = [hit("FORCE-RED", lane: "red"), hit("FORCE-GREEN", lane: "green")]
        group[1].ruleHits = [hit("FORCE-GREEN", lane: "green")]
        group[9].ruleHits = [hit("FORCE-GREEN", lane: "green")]
        group[2].ruleHits = [hit("BOOST", add: 0.9)]
        let decisions = Dictionary(uniqueKeysWithValues: Selectivity.assign(group, policy: policy, seed: 0).map { ($0.id, $0) })
        #expect(decisions["D0"]?.lane == .red && decisions["D0"]?.forcedBy == "FORCE-RED")
        #expect(decisions["D1"]?.lane == .green && decisions["D9"]?.lane == .green && decisions["D9"]?.selection == .rule)
        // Budget 3 − 1 forced = 2 by risk: D2 (0.2 + 0.9 → 1.0) and D8 (0.8).
        #expect(Set(decisions.values.filter { $0.selection == .risk }.map(\.id)) == ["D2", "D8"])
        #expect(decisions["D2"]?.riskScore == 1.0)
    }

    @Test("an authorised economic operator's score is lowered by the policy's factor")
    func aeo() {
        var policy = SelectivityPolicy()
        policy.budget = .count(1)
        policy.explorationPercent = 0
        let group = [
            SelectivityCandidate(id: "A", office: "X", day: "d", score: 0.9, aeo: true),
            SelectivityCandidate(id: "B", office: "X", day: "d", score: 0.6),
        ]
        let decisions = Selectivity.assign(group, policy: policy, seed: 0)
        #expect(decisions[0].riskScore == 0.45)
        #expect(decisions.first { $0.lane == .red }?.id == "B")
    }

    @Test("the exploration draw is fixed by the recorded seed: a stored decision re-derives; another seed draws others")
    func rederive() {
        let group = candidates(office: "A", day: "2026-11-01", count: 500, seed: 9)
        let policy = SelectivityPolicy()
        let first = Selectivity.assign(group, policy: policy, seed: 7)
        #expect(Selectivity.assign(group.shuffled(), policy: policy, seed: 7).sorted { $0.id < $1.id } == first.sorted { $0.id < $1.id })
        #expect(first.allSatisfy { $0.seed == Selectivity.seedFor(office: "A", day: "2026-11-01", seed: 7) })
        let other = Selectivity.assign(group, policy: policy, seed: 8)
        #expect(Set(first.filter { $0.selection == .exploration }.map(\.id)) != Set(other.filter { $0.selection == .exploration }.map(\.id)))
        #expect(Set(first.filter { $0.selection == .risk }.map(\.id)) == Set(other.filter { $0.selection == .risk }.map(\.id)))
    }
}
