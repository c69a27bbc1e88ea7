import ArgumentParser
import Foundation
import Portunus
import PortunusCore
import RiskEngine

struct RiskRerouteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reroute", abstract: "An officer sends a declaration to another lane, with the reason.")
    @Argument(help: "The declaration id.") var id: String
    @Option(help: "red, yellow, blue or green.") var lane: String
    @Option(help: "Why (recorded).") var reason: String
    @Option(help: "Who (recorded).") var by: String
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        CommandLogging.bootstrap()
        guard let lane = Lane(rawValue: lane) else {
            throw PortunusError(.invalidArgument, "lane is red, yellow, blue or green", field: "lane").exit()
        }
        let event = LaneRouting.Event.reroute(to: lane, reason: reason, by: by, at: Date())
        if let refusal = LaneRouting.check(event) { throw refusal.error.exit() }
        // The CLI's acts go on the ledger too (appended by the server or `portunus ledger publish`).
        let routing = try data.withRiskStore { store in
            try store.decisions.reroute(
                declarationID: id, ledger: [AccountableEntry.reroute(declarationID: id, to: lane.rawValue, reason: reason, by: "cli:" + by)]
            ) { current throws(LaneRouting.Refusal) in try current.applying(event) }
        }
        print("declaration \(id): \(routing.reroutes.last?.from ?? lane) → \(lane)")
    }
}
