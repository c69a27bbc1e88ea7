import ArgumentParser
import Foundation
import Portunus

struct TravelRetentionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retention",
        abstract: "Depersonalise travel data received more than --depersonalise-after days ago, delete what is older than --delete-after.",
        discussion: "The server runs the same job every hour with its configured periods (travelDepersonaliseDays, travelDeleteDays)."
    )
    @Option(help: "Days (the EU PNR Directive: six months).") var depersonaliseAfter = 183
    @Option(help: "Days (the EU PNR Directive: five years).") var deleteAfter = 1826
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        guard deleteAfter >= depersonaliseAfter, depersonaliseAfter >= 0 else {
            standardError("error: argument.invalid: --delete-after must be at least --depersonalise-after")
            throw ExitCode(2)
        }
        let report = try data.withStore {
            try TravelRetention(store: $0, depersonaliseAfterDays: depersonaliseAfter, deleteAfterDays: deleteAfter).run()
        }
        print(
            "depersonalised \(report.depersonalisedPassengers) passenger rows, \(report.depersonalisedMessages) files, \(report.depersonalisedTravellers) travellers; "
                + "deleted \(report.deletedPassengers) passenger rows, \(report.deletedMessages) files, \(report.deletedTravellers) travellers, \(report.deletedFlights) flights"
        )
    }
}
