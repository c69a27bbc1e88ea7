import ArgumentParser
import Foundation
import Portunus
import PortunusCore
import Rules

struct TravelRulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Install a travel rule set (YAML) after validating it; flights departing from three days ago on are screened again.",
        discussion: "Fields: " + TravelFacts.catalogue.fields.keys.sorted().joined(separator: ", ")
            + ". Effects: severity (normal, high, top) and flag (the hit category)."
    )
    @Argument(help: "The YAML file.") var file: String
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        let bytes = try readFile(file)
        do {
            let (version, rescreened) = try data.withStore { store in
                let service = TargetingService(store: store)
                return (try service.setRules(yaml: String(decoding: bytes, as: UTF8.self), by: commandPrincipal), try service.rescreen())
            }
            print("travel rules version \(version) installed; screened \(rescreened.flights) flights again: \(rescreened.hits) new hits")
        } catch let error as RuleSetError {
            standardError("error: \(error)")
            throw ExitCode(1)
        } catch let error as PortunusError { throw error.exit() }
    }
}
