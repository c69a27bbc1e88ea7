import ArgumentParser
import Foundation
import Portunus

struct TravelRescreenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rescreen", abstract: "Screen stored flights again against the current lists and rules.")
    @Flag(help: "Every stored flight, not only those departing from --days ago on.") var all = false
    @Option(help: "Days back.") var days = 3
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        let result = try data.withStore { store in
            var service = TargetingService(store: store)
            service.rescreenDays = days
            return try service.rescreen(all: all)
        }
        print("screened \(result.flights) flights: \(result.hits) new hits, \(result.vetting) travellers on vetting lists")
    }
}
