import Foundation

/// The settings every front door (CLI, server) shares, resolved once from flags, the
/// environment and defaults — in that order of precedence. A value type, passed explicitly:
/// no globals.
public struct PortunusConfiguration: Sendable, Hashable {
    /// Where the database and generated files live.
    public var dataDirectory: String

    public static let defaultDataDirectory = "./portunus-data"
    public static let dataDirectoryVariable = "PORTUNUS_DATA_DIR"

    public init(dataDirectory: String = PortunusConfiguration.defaultDataDirectory) {
        self.dataDirectory = dataDirectory
    }

    /// Resolves the configuration: a flag wins over the environment, which wins over defaults.
    public static func resolve(dataDirectoryFlag: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> PortunusConfiguration
    {
        let directory = dataDirectoryFlag ?? environment[dataDirectoryVariable].flatMap { $0.isEmpty ? nil : $0 } ?? defaultDataDirectory
        return PortunusConfiguration(dataDirectory: directory)
    }

    /// Where `portunus demo generate` writes its CSV by default.
    public var demoFile: String { (dataDirectory as NSString).appendingPathComponent("demo/declarations.csv") }
}

/// The version printed by `portunus --version`.
public enum PortunusVersion {
    public static let current = "0.1.0"
}
