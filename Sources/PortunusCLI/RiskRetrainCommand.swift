import ArgumentParser
import Foundation
import Portunus
import PortunusCore

struct RiskRetrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retrain",
        abstract: "The feedback loop: train on the last days' inspected declarations (recorded outcomes included), register, activate if not worse.",
        discussion: "`portunus serve` does the same on a schedule when the configuration sets retrainEveryHours."
    )
    @Option(help: "Days of inspected declarations to learn from.") var days: Int = 365
    @Option(help: "Train as of this date (YYYY-MM-DD; default now).") var asOf: String?
    @Option(help: "Threads for XGBoost.") var threads: Int = 2
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        CommandLogging.bootstrap()
        let now =
            try asOf.map { value -> Date in
                guard let date = ISO8601.parse(value) else { throw PortunusError(.invalidDate, "expected YYYY-MM-DD", field: "as-of").exit() }
                return date
            } ?? Date()
        let outcome = try data.withRiskStore { try RiskTraining.retrain(store: $0, days: days, now: now, threads: threads) }
        print("model \(outcome.id) registered\(outcome.activated ? " and active" : "; the active model validates better and stays")")
    }
}
