import ArgumentParser
import Portunus

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
            TrackingCommand.self, TariffCommand.self, ClearanceCommand.self, StatusCommand.self,
        ]
    )
}
