import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Portunus
import PortunusCore
import PortunusServer
import Storage

/// Flags shared by `serve` and `run`.
struct ServerOptions: ParsableArguments {
    @Option(help: "Address to listen on (default 127.0.0.1, or $PORTUNUS_HOST).")
    var host: String?

    @Option(help: "Port to listen on (default 8080, or $PORTUNUS_PORT; 0 picks a free one).")
    var port: Int?

    @Option(name: .customLong("config"), help: ArgumentHelp("JSON configuration file (or $PORTUNUS_CONFIG).", valueName: "file"))
    var configurationFile: String?

    @Flag(
        help: ArgumentHelp(
            "Let webhooks and witnesses point at loopback, private, link-local and unique-local addresses (refused by default; or $PORTUNUS_ALLOW_PRIVATE_DESTINATIONS=1)."
        ))
    var allowPrivateDestinations = false

    func configuration(dataDirectory: String?) throws(PortunusError) -> ServerConfiguration {
        try ServerConfiguration.resolve(
            .init(
                host: host, port: port, dataDirectory: dataDirectory, configurationFile: configurationFile,
                allowPrivateDestinations: allowPrivateDestinations ? true : nil))
    }
}

/// Runs the HTTP server until SIGTERM or SIGINT, which drain in-flight requests first.
func serve(_ configuration: ServerConfiguration, useCases: UseCases, announce: @escaping @Sendable (String) -> Void) async throws {
    let logger = Logger(label: "portunus.server")
    let app = try PortunusServer.application(configuration: configuration, useCases: useCases, logger: logger) { port in
        let host = configuration.host == "0.0.0.0" ? "127.0.0.1" : configuration.host
        announce("http://\(host):\(port)")
    }
    try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
}

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP API server.",
        discussion: """
            Serves /api/v1 (keys required), /healthz, /metrics and a landing page at /. SIGTERM or SIGINT \
            stop accepting connections, finish the requests in flight, and exit 0.
            """
    )

    @OptionGroup var server: ServerOptions
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        CommandLogging.bootstrap(defaultLevel: .info)
        let configuration: ServerConfiguration
        let useCases: UseCases
        do {
            configuration = try server.configuration(dataDirectory: data.dataDirectory)
            useCases = UseCases(
                store: try PortunusStore.opening(dataDirectory: configuration.dataDirectory), dataDirectory: configuration.dataDirectory)
        } catch {
            throw error.exit()
        }
        try await serve(configuration, useCases: useCases) { url in standardOutput("listening on \(url)") }
    }
}
