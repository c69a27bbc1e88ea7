import ArgumentParser
import Foundation
import Portunus
import PortunusCore
import Travel

struct TravelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "travel",
        abstract: "Travel data: API (PAXLST) and PNR (PNRGOV) messages in UN/EDIFACT.",
        subcommands: [TravelParseCommand.self, TravelIngestCommand.self, TravelReparseCommand.self]
    )
}

struct TravelParseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Read a file of EDIFACT messages; print one JSON object per message (with --json) or a summary.",
        discussion: """
            Each object has type, version, flight (number, departure, arrival and times), legs, bookings (PNRGOV), \
            passengers (role, surname, given_names, date_of_birth, gender, nationality, documents) and diagnostics \
            (code, severity, message, segment, line, byte_offset). Reading never stops at a problem: what can be kept is kept.
            """
    )
    @Argument(help: "The file, or - for standard input.") var file: String
    @Flag(help: "JSON lines, one object per message.") var json = false

    func run() async throws {
        let data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: file)
        guard let data else {
            standardError("error: io.failed: cannot read the file (\(file))")
            throw ExitCode(2)
        }
        let messages = TravelReader.read(data)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for message in messages {
            if json {
                print(String(decoding: try encoder.encode(message), as: UTF8.self))
            } else {
                print("\(message.type) \(message.version): flight \(message.flight?.number ?? "?") \(message.flight?.departure ?? "?")→\(message.flight?.arrival ?? "?"), "
                    + "\(message.passengers.count) people, \(message.bookings.count) bookings, \(message.diagnostics.count) diagnostics")
                for diagnostic in message.diagnostics { print("  \(diagnostic)") }
            }
        }
    }
}

struct TravelIngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Receive every file in a folder (a watched folder with --watch): store it raw with what reading gave, then move it to done/.",
        discussion: "A file received before (the same bytes) is recognised and not stored twice. Files whose messages cannot be read at all are kept too (status failed)."
    )
    @Argument(help: "The folder.") var folder: String
    @Flag(help: "Keep watching the folder for new files.") var watch = false
    @Option(help: "Seconds between looks when watching.") var interval: Double = 2
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        CommandLogging.bootstrap()
        let done = URL(fileURLWithPath: folder).appendingPathComponent("done")
        try FileManager.default.createDirectory(at: done, withIntermediateDirectories: true)
        repeat {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
            for name in names {
                let path = URL(fileURLWithPath: folder).appendingPathComponent(name)
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path.path, isDirectory: &isDirectory), !isDirectory.boolValue,
                      let bytes = FileManager.default.contents(atPath: path.path) else { continue }
                let receipt = try data.withStore { try TravelIntake(store: $0).receive(bytes, source: "file:" + name) }
                standardOutput("\(name): \(receipt.duplicate ? "already received as" : "stored as") \(receipt.id), \(receipt.status), "
                    + "\(receipt.messages) messages, \(receipt.passengers) people, \(receipt.bookings) bookings, \(receipt.diagnostics.count) diagnostics")
                let target = done.appendingPathComponent(name)
                try? FileManager.default.removeItem(at: target)
                try FileManager.default.moveItem(at: path, to: target)
            }
            if watch { try await Task.sleep(for: .seconds(interval)) }
        } while watch
    }
}

struct TravelReparseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reparse", abstract: "Read again the stored files read by an older parser (after a parser fix).")
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        CommandLogging.bootstrap()
        let count = try data.withStore { try TravelIntake(store: $0).reparse() }
        print("read again: \(count) files")
    }
}
