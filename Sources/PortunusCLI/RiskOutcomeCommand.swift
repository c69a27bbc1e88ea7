import ArgumentParser
import Foundation
import Portunus
import PortunusCore

struct RiskOutcomeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "outcome", abstract: "Record what an inspection found (it teaches the next model).")
    @Argument(help: "The declaration id.") var id: String
    @Option(help: "irregularity or no_irregularity.") var result: String
    @Flag(help: "The irregularity is fraud.") var fraud = false
    @Flag(help: "The irregularity is critical (safety, security).") var critical = false
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        CommandLogging.bootstrap()
        guard let parsed = InspectionOutcome.Result(rawValue: result) else {
            throw PortunusError(.invalidArgument, "result is irregularity or no_irregularity", field: "result").exit()
        }
        let outcome = InspectionOutcome(result: parsed, fraud: fraud, critical: critical)
        try data.withRiskStore {
            try $0.decisions.recordOutcome(declarationID: id, outcome, ledger: [AccountableEntry.outcome(declarationID: id, outcome, by: "cli")])
        }
        print("outcome recorded for \(id)")
    }
}
