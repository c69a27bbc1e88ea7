import ArgumentParser
import PortunusCore
import PortunusServer

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
