import ArgumentParser
import Foundation
import Portunus
import RiskEngine

struct RiskAssessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assess",
        abstract: "Assess the declarations lodged on a day: scores, rules, lanes under the inspection budget, stored decisions.",
        discussion: "Percentages are percentages: --budget 10 inspects 10 % of each office's declarations that day."
    )
    @Option(help: "The lodgement day, YYYY-MM-DD (UTC).") var day: String
    @Option(help: "Only this office.") var office: String?
    @Option(help: "Inspections per office and day, percent of volume.") var budget: Double = 10
    @Option(help: "Inspections per office and day as a count (instead of --budget).") var budgetCount: Int?
    @Option(help: "Share of the budget drawn at random, percent.") var exploration: Double = 10
    @Option(help: "The random seed of the exploration draw (recorded in every decision).") var seed: UInt64 = 0
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        CommandLogging.bootstrap()
        var policy = SelectivityPolicy()
        policy.budget = budgetCount.map(SelectivityPolicy.Budget.count) ?? .percent(budget)
        policy.explorationPercent = exploration
        let assessments = try data.withRiskStore { store in
            try RiskAssessor.active(store: store, policy: policy, seed: seed).assessDay(day, office: office)
        }
        print("assessed \(assessments.count) declarations lodged on \(day)")
        for (office, group) in Dictionary(grouping: assessments, by: \.office).sorted(by: { $0.key < $1.key }) {
            let counts = Lane.allCases.map { lane in "\(lane.rawValue) \(group.count { $0.lane == lane })" }.joined(separator: ", ")
            print(
                "  office \(office): \(counts) (exploration \(group.count { $0.selection == .exploration }), by rule \(group.count { $0.selection == .rule }))"
            )
        }
    }
}
