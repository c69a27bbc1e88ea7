import ArgumentParser
import Foundation
import Portunus
import PortunusCore

struct TravelListsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lists",
        abstract: "Watch lists: create one, import entries from CSV, show them.",
        subcommands: [TravelListsCreateCommand.self, TravelListsImportCommand.self, TravelListsShowCommand.self]
    )
}

struct TravelListsCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a named watch list.")
    @Argument(help: "The name: a–z 0–9 - _ .") var name: String
    @Option(help: "persons, or documents (lost and stolen travel documents).") var kind = "persons"
    @Option(help: "What the list is for.") var description = ""
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        do {
            let list = try data.withStore {
                try TargetingService(store: $0).createList(name: name, kind: kind, description: description, by: commandPrincipal)
            }
            print("created watch list \(list.name) (\(list.kind))")
        } catch let error as PortunusError { throw error.exit() }
    }
}

struct TravelListsImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract:
            "Import watch-list entries from CSV (columns id, list, category, severity, name, aliases, birth_date, nationality, document_number, document_country).",
        discussion: """
            Entries are added or replaced by (list, id); a second import of the same file changes nothing. Bad rows are reported with \
            their line and column (never their content) and skipped. Flights departing from three days ago on are screened again.
            """
    )
    @Argument(help: "The CSV file.") var file: String
    @Option(help: "The list for rows when the file has no list column.") var list: String?
    @Flag(help: "Create lists the file names that do not exist yet (as persons lists, or documents lists when no row has a name).") var create = false
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        let bytes = try readFile(file)
        do {
            let (report, rescreened) = try data.withStore { store in
                let service = TargetingService(store: store)
                let report = try service.importCSV(bytes, list: list, createLists: create, by: commandPrincipal)
                return (report, try service.rescreen())
            }
            for problem in report.problems { standardError("  \(problem)") }
            print(
                "added \(report.added), updated \(report.updated), unchanged \(report.unchanged), rejected \(report.rejected); "
                    + "screened \(rescreened.flights) flights again: \(rescreened.hits) new hits")
            if report.rejected > 0 { throw ExitCode(1) }
        } catch let error as PortunusError { throw error.exit() }
    }
}

struct TravelListsShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "The watch lists and how many entries each has.")
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        let lists = try data.withStore { try TargetingService(store: $0).lists(by: commandPrincipal) }
        if lists.isEmpty { print("no watch lists yet (portunus travel lists create NAME)") }
        for list in lists { print("\(list.name)\t\(list.kind)\t\(list.entries) entries\t\(list.description)") }
    }
}
