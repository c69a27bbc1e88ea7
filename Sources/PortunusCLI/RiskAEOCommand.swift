import ArgumentParser
import Foundation
import PortunusCore

struct RiskAEOCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aeo", abstract: "Authorised economic operators (their risk is lowered): add, remove, list.")
    @Argument(help: "add, remove or list.") var action: String
    @Argument(help: "The party id.") var party: String?
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        CommandLogging.bootstrap()
        switch (action, party) {
        case ("add", let party?): try data.withRiskStore { try $0.decisions.setAEO(party) }
        case ("remove", let party?): try data.withRiskStore { try $0.decisions.removeAEO(party) }
        case ("list", _): for party in try data.withRiskStore({ try $0.decisions.aeoParties() }).sorted() { print(party) }
        default: throw PortunusError(.invalidArgument, "use: aeo add PARTY | aeo remove PARTY | aeo list", field: "action").exit()
        }
    }
}
