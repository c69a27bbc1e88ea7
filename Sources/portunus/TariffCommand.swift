import ArgumentParser
import Foundation
import Portunus
import PortunusCore
import Storage
import Tariff

struct TariffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tariff",
        abstract: "The Harmonized System: import editions and correlation tables, look up, browse, search, correlate.",
        subcommands: [TariffImportCommand.self, TariffShowCommand.self, TariffSearchCommand.self, TariffCorrelateCommand.self, TariffHistoryCommand.self]
    )
}

func parseEdition(_ text: String, field: String) throws -> HSEdition {
    guard let edition = HSEdition(text: text) else { throw PortunusError(.invalidArgument, "an edition is 2012, 2017 or 2022", field: field).exit() }
    return edition
}

struct TariffImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import nomenclature files of an edition, and UNSD correlation or conversion tables.",
        discussion: """
            The files are the public ones in PORTUNUS_DATASETS/hs (see its SOURCE.md): nomenclature-hs2012-unsd.csv, \
            nomenclature-hs2017-unsd.csv and nomenclature-hs2022-unsd.csv (UN Comtrade's extracts as UNSD publishes them: \
            hscode,description,parent,level), and the UNSD correlation tables as CSV (hs2022,hs2017,relationship; \
            hs2017,hs2012,relationship,partial_ex; hs2022,hs2012,relationship) and conversion tables (hs2022,hs2017). A \
            file's kind is read from its header; an edition's nomenclature replaces what was there. Bad rows are reported by \
            line and skipped; exit 1 when any was.
              portunus tariff import --edition 2022 nomenclature-hs2022-unsd.csv
              portunus tariff import correlation-hs2022-hs2017.csv correlation-hs2017-hs2012.csv
            """
    )
    @Option(help: "The edition of the nomenclature files (2012, 2017, 2022).") var edition: String?
    @Argument(help: "The files.") var files: [String]
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        let edition = try edition.map { try parseEdition($0, field: "edition") }
        var refused = false
        for file in files {
            let report = try data.withStore { try TariffService(store: $0).importFile(path: file, edition: edition, by: commandPrincipal.keyID) }
            print("\(report.file): \(report.kind) \(report.edition), \(report.rows) rows")
            for problem in report.problems { standardError("  \(problem)") }
            refused = refused || !report.problems.isEmpty
        }
        if refused { throw ExitCode(1) }
    }
}

struct TariffShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "A code with its chapter and heading and the codes under it (no code: the chapters).")
    @Argument(help: "A chapter, heading or subheading (2, 4 or 6 digits).") var code: String?
    @Option(help: "The edition.") var edition = "2022"
    @Flag(help: "JSON.") var json = false
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        let edition = try parseEdition(edition, field: "edition")
        let browse = try data.withStore { try TariffService(store: $0).browse(code, edition: edition) }
        if json { try printJSON(browse); return }
        for ancestor in browse.ancestors { print("\(ancestor.code)  \(ancestor.description)") }
        if let entry = browse.code { print("\(entry.code)  \(entry.description)  [section \(entry.section ?? "-")]") }
        for child in browse.children { print("  \(child.code)  \(child.description)") }
    }
}

struct TariffSearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "search", abstract: "Full-text search of the nomenclature's texts (every word, stemmed).")
    @Argument(help: "Words.") var text: String
    @Option(help: "The edition.") var edition = "2022"
    @Option(help: "Only codes of this many digits (2, 4, 6).") var level: Int?
    @Option(help: "At most so many codes.") var limit = 20
    @Flag(help: "JSON.") var json = false
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        let edition = try parseEdition(edition, field: "edition")
        let found = try data.withStore { try TariffService(store: $0).search(text, edition: edition, level: level, limit: limit) }
        if json { try printJSON(found); return }
        for entry in found { print("\(entry.code)  \(entry.description)") }
    }
}

struct TariffCorrelateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "correlate", abstract: "What a code of one edition corresponds to in another, with the relationship types.")
    @Argument(help: "A 6-digit code.") var code: String
    @Option(help: "Its edition.") var from: String
    @Option(help: "The edition wanted.") var to: String
    @Flag(help: "JSON.") var json = false
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        let (from, to) = (try parseEdition(from, field: "from"), try parseEdition(to, field: "to"))
        let links = try data.withStore { try TariffService(store: $0).correlate(code, from: from, to: to) }
        if json { try printJSON(links); return }
        guard !links.isEmpty else {
            standardError("\(code) has no correlation from HS\(from.rawValue) to HS\(to.rawValue) (are the tables imported?)")
            throw ExitCode(1)
        }
        for link in links { print("\(link.from) → \(link.to)  \(link.relationship)\(link.partial ? " (part)" : "")") }
    }
}

struct TariffHistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Convert the HS codes of the declarations lodged in a period to one edition, for statistics; the ambiguous cases listed."
    )
    @Option(help: "The edition to convert to.") var to = "2022"
    @Option(help: "Lodged on or after (ISO 8601 date).") var from: String?
    @Option(help: "Lodged before (ISO 8601 date).") var until: String?
    @Flag(help: "JSON.") var json = false
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        let target = try parseEdition(to, field: "to")
        let report = try data.withStore { try TariffService(store: $0).convertHistory(to: target, from: from, until: until, by: commandPrincipal) }
        if json { try printJSON(report); return }
        print("\(report.items) goods items to HS\(report.target): \(report.unchanged) unchanged, \(report.converted) converted, \(report.ambiguous) ambiguous, "
              + "\(report.unknown) unknown, \(report.beforeHS2012) before HS 2012")
        for entry in report.codes where entry.status == "ambiguous" || entry.status == "unknown" {
            let candidates = entry.candidates.map { "\($0.to) (\($0.relationship))" }.joined(separator: ", ")
            print("  HS\(entry.edition) \(entry.code)  \(entry.items) items  \(entry.status)\(candidates.isEmpty ? "" : ": " + candidates)"
                  + (entry.target.map { "; conversion table: \($0)" } ?? ""))
        }
    }
}
