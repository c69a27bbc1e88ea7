import ArgumentParser
import Foundation
import Portunus
import PortunusCore
import PortunusServer
import Storage

/// The main job that `make run` starts: fills an empty store with the demo data set, replaces
/// the demo API key with a fresh one, prints the URL and the key once, and serves.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "The main job: fill an empty store with demo data, print a fresh demo key, and serve."
    )

    @OptionGroup var server: ServerOptions

    @Option(help: "Declarations to generate when the store is empty.")
    var demoDeclarations: Int = 20_000

    @Option(help: "Seed of the demo data.")
    var seed: UInt64 = 1

    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        CommandLogging.bootstrap(defaultLevel: .notice)
        let store: PortunusStore
        let serverConfiguration: ServerConfiguration
        let demoKey: APIKeys.Created
        do {
            serverConfiguration = try server.configuration(dataDirectory: data.dataDirectory)
            let configuration = PortunusConfiguration(dataDirectory: serverConfiguration.dataDirectory)
            store = try PortunusStore(dataDirectory: configuration.dataDirectory)
            if try store.declarationCount() == 0 {
                standardOutput("the store is empty: generating \(demoDeclarations) demo declarations (seed \(seed))")
                let report = try DemoGenerator().generate(.init(declarations: demoDeclarations, seed: seed), to: configuration.demoFile)
                standardOutput("generated \(report.declarations) declarations with planted fraud in \(report.fraudPlanted) into \(configuration.demoFile)")
                let summary = try DeclarationImport(store: store).run(.init(path: configuration.demoFile, mapping: .portunus))
                standardOutput(summary.line)
            }
            standardOutput(try StoreReport.text(store.summary(), path: store.path))
            demoKey = try APIKeys(store: store).rotateDemoKey()
        } catch {
            throw error.exit()
        }
        let token = demoKey.token
        try await serve(serverConfiguration, store: store) { url in
            standardOutput("""

                Portunus is serving at \(url)
                demo API key (admin, unmask; replaced on the next start): \(token)
                try:  curl -H 'Authorization: Bearer \(token)' '\(url)/api/v1/declarations?limit=2'
                """)
        }
    }
}
