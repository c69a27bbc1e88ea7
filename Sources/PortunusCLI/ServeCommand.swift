import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Portunus
import PortunusCore
import PortunusServer
import Storage

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
