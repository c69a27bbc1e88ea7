import ArgumentParser
import Foundation
import Portunus
import PortunusCore
import Storage

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import data files into the store.",
        subcommands: [ImportDeclarationsCommand.self]
    )
}

struct ImportDeclarationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "declarations",
        abstract: "Import goods declarations from a CSV file.",
        discussion: """
            Streams the file in constant memory and writes batched transactions. Good rows land; each bad \
            row goes to the rejects file (<file>.rejects.csv unless --rejects) with its line, column, code \
            and reason. Declarations already stored with the same content are skipped, so re-running an \
            import adds nothing twice.

            Layouts: --format kcs (the public Korea Customs Service data set), --format portunus (the \
            layout `portunus demo generate` writes), or --format csv with --mapping FILE (a JSON column \
            mapping; see docs/declarations-and-risk.md).
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case kcs, portunus, csv
    }

    @Argument(help: "The CSV file to import.")
    var file: String

    @Option(help: "Layout of the file.")
    var format: Format = .kcs

    @Option(help: ArgumentHelp("JSON column mapping (with --format csv).", valueName: "file"))
    var mapping: String?

    @Option(help: ArgumentHelp("Where to write rejected rows.", valueName: "file"))
    var rejects: String?

    @Option(help: "Declarations per transaction.")
    var batchSize: Int = 5000

    @OptionGroup var data: DataDirectoryOptions

    func validate() throws {
        if format == .csv && mapping == nil { throw ValidationError("--format csv needs --mapping FILE") }
        if format != .csv && mapping != nil { throw ValidationError("--mapping applies to --format csv only") }
        if batchSize < 1 { throw ValidationError("--batch-size must be at least 1") }
    }

    func run() async throws {
        CommandLogging.bootstrap()
        do {
            var layout = ColumnMapping.builtIn[format.rawValue] ?? .kcs
            if let mapping { layout = try ColumnMapping.load(path: mapping) }
            let store = try PortunusStore.opening(dataDirectory: data.configuration.dataDirectory)
            let renderer = ProgressRenderer()
            let summary = try DeclarationImport(store: store).run(
                .init(path: file, mapping: layout, rejectsPath: rejects, batchSize: batchSize)
            ) { progress in
                renderer.update(
                    rows: progress.rowsRead, bytes: progress.bytesRead, totalBytes: progress.totalBytes,
                    imported: progress.imported, alreadyPresent: progress.alreadyPresent, rejected: progress.rejected)
            }
            renderer.finish()
            print(summary.line)
            for (code, count) in summary.warningsByCode.sorted(by: { $0.key < $1.key }) { print("  warning \(code): \(count)") }
            for (code, count) in summary.rejectionsByCode.sorted(by: { $0.key < $1.key }) { print("  rejected \(code): \(count)") }
            if !summary.unusedColumns.isEmpty { print("columns not imported: \(summary.unusedColumns.joined(separator: ", "))") }
            if let path = summary.rejectsPath { print("rejected rows written to \(path)") }
            let rate = summary.seconds > 0 ? Int(Double(summary.rowsRead) / summary.seconds) : 0
            print(String(format: "took %.2f s (%d rows/s)", summary.seconds, rate))
        } catch {
            throw error.exit()
        }
    }
}
