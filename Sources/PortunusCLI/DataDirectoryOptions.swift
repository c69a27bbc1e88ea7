import ArgumentParser
import Portunus
import PortunusCore
import Storage

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
