import ArgumentParser
import Foundation
import Portunus
import PortunusCore
import Storage

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Say what the store holds."
    )

    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        CommandLogging.bootstrap()
        print(try data.withStore { store in StoreReport.text(try store.declarations.summary(), path: store.path) })
    }
}
