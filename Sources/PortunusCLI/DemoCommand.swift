import ArgumentParser
import Foundation
import Portunus
import PortunusCore
import Storage

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Synthetic demo data made by Portunus itself.",
        subcommands: [DemoGenerateCommand.self]
    )
}

struct DemoGenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate a realistic synthetic declaration data set with planted fraud, and import it.",
        discussion: """
            Writes a CSV in the `portunus` layout (default <data-dir>/demo/declarations.csv) and imports it \
            into the store unless --no-import. The same seed gives the same data on every machine.
            """
    )

    @Option(help: "Number of declarations.")
    var declarations: Int = 20_000

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("Where to write the CSV.", valueName: "file"))
    var output: String?

    @Flag(help: "Only write the CSV; do not import it.")
    var noImport = false

    @OptionGroup var data: DataDirectoryOptions

    func validate() throws {
        if declarations < 1 { throw ValidationError("--declarations must be at least 1") }
    }

    func run() async throws {
        CommandLogging.bootstrap()
        do {
            let configuration = data.configuration
            let path = output ?? configuration.demoFile
            let report = try DemoGenerator().generate(.init(declarations: declarations, seed: seed), to: path)
            print("generated \(report.declarations) declarations (\(report.goodsItems) goods items, \(report.importers) importers) into \(path)")
            print("planted fraud in \(report.fraudPlanted); \(report.inspected) inspected, \(report.fraudDetected) found")
            guard !noImport else { return }
            let store = try PortunusStore.opening(dataDirectory: configuration.dataDirectory)
            let summary = try DeclarationImport(store: store).run(.init(path: path, mapping: .portunus))
            print(summary.line)
        } catch {
            throw error.exit()
        }
    }
}
