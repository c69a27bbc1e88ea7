import ArgumentParser
import Foundation
import Portunus
import PortunusCore
import Storage

/// The main job that `make run` starts. Until the HTTP server lands (Foundation II) it makes
/// sure the store holds data — generating the demo data set into an empty data directory —
/// and prints what the store holds.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "The main job: fill an empty store with demo data, then report on the store."
    )

    @Option(help: "Declarations to generate when the store is empty.")
    var demoDeclarations: Int = 20_000

    @Option(help: "Seed of the demo data.")
    var seed: UInt64 = 1

    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        CommandLogging.bootstrap()
        do {
            let configuration = data.configuration
            let store = try DeclarationStore(dataDirectory: configuration.dataDirectory)
            if try store.declarationCount() == 0 {
                print("the store is empty: generating \(demoDeclarations) demo declarations (seed \(seed))")
                let report = try DemoGenerator().generate(.init(declarations: demoDeclarations, seed: seed), to: configuration.demoFile)
                print("generated \(report.declarations) declarations with planted fraud in \(report.fraudPlanted) into \(configuration.demoFile)")
                let summary = try DeclarationImport(store: store).run(.init(path: configuration.demoFile, mapping: .portunus))
                print(summary.line)
            }
            print(try StoreReport.text(store.summary(), path: store.path))
        } catch {
            throw error.exit()
        }
    }
}
