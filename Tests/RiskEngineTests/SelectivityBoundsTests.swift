import Foundation
import Testing

@testable import RiskEngine

/// Budgets and shares come from `portunus risk assess --budget/--exploration`, the
/// configuration file and the risk API: NaN, ±1e300 and negative values lane a day without
/// trapping in `Int(Double)` or in the budget's subtraction.
@Suite("Selectivity percentages from outside")
struct SelectivityBoundsTests {
    @Test(
        "a budget, exploration, red or blue share of NaN, ±1e300 or −5 % assigns every declaration a lane",
        arguments: [Double.nan, 1e300, -1e300, -5, .infinity])
    func absurdPercentagesAssignLanes(percent: Double) {
        let group = (0..<20).map { SelectivityCandidate(id: "D\($0)", office: "X", day: "2026-11-01", score: Double($0) / 20) }
        for change in [\SelectivityPolicy.explorationPercent, \.redPercent, \.bluePercent] {
            var policy = SelectivityPolicy()
            policy[keyPath: change] = percent
            #expect(Selectivity.assign(group, policy: policy, seed: 1).count == 20)
        }
        var policy = SelectivityPolicy()
        policy.budget = .percent(percent)
        #expect(Selectivity.assign(group, policy: policy, seed: 1).count == 20)
        #expect((0...20).contains(policy.inspections(volume: 20)))
        #expect((0...20).contains(OnlineSelectivity.cap(assessed: 20, policy: policy)))
        _ = OnlineSelectivity.thresholds(recent: group.map(\.score), policy: policy, typicalDailyVolume: 20)
    }
}
