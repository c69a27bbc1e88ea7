import ArgumentParser
import Portunus
import PortunusCore
import Storage

@main
struct PortunusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "portunus",
        abstract: "Portunus: a SMART border platform — goods declarations, risk, ledger, travel, tracking.",
        discussion: """
            Data live in one SQLite database in the data directory (--data-dir, $PORTUNUS_DATA_DIR, \
            default ./portunus-data). Errors go to stderr with a stable code, and the exit status is non-zero.
            """,
        version: PortunusVersion.current,
        subcommands: [
            RunCommand.self, ServeCommand.self, ImportCommand.self, DemoCommand.self, KeysCommand.self, RiskCommand.self, LedgerCommand.self,
            CertificatesCommand.self, TravelCommand.self, IdentityCommand.self, BiometricsCommand.self, GeoCommand.self, DroneCommand.self,
            TrackingCommand.self, TariffCommand.self, StatusCommand.self,
        ]
    )
}

/// The `--data-dir` option every command that touches the store takes.
struct DataDirectoryOptions: ParsableArguments {
    @Option(
        name: .customLong("data-dir"),
        help: ArgumentHelp(
            "Data directory holding the database.", discussion: "Defaults to $PORTUNUS_DATA_DIR, then ./portunus-data.",
            valueName: "directory"))
    var dataDirectory: String?

    var configuration: PortunusConfiguration { .resolve(dataDirectoryFlag: dataDirectory) }
}

extension DataDirectoryOptions {
    /// Opens the store in the data directory and runs `body` with it. A `PortunusError` is
    /// printed with its code and ends the command with a non-zero status.
    func withStore<T>(_ body: (PortunusStore) throws -> T) throws -> T {
        do {
            return try body(try PortunusStore.opening(dataDirectory: configuration.dataDirectory))
        } catch let error as PortunusError {
            throw error.exit()
        }
    }
}
