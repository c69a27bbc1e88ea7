import ArgumentParser
import Foundation
import Ledger
import Portunus
import PortunusCore
import Storage

struct LedgerPublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Append the accountable entries waiting in the store's outbox (decisions, re-routes, outcomes, unmaskings…) to the log.",
        discussion: "`portunus serve` does this continuously; this command is for a data directory whose server is not running."
    )

    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        let (store, sequencer) = try data.ledger { paths in
            (
                try PortunusStore.opening(dataDirectory: paths.dataDirectory.path),
                LedgerSequencer(log: try TiledLog(dataDirectory: paths.dataDirectory))
            )
        }
        let publisher = LedgerPublisher(store: store, sequencer: sequencer)
        do {
            let recovered = try await publisher.recover()
            let count = try await publisher.publishPending()
            print(
                "appended \(count) entries\(recovered > 0 ? " (and marked \(recovered) appended before a crash)" : ""); the log has \(sequencer.log.size)"
            )
        } catch let error as LedgerError {
            throw error.exit()
        } catch let error as PortunusError {
            throw error.exit()
        }
    }
}
