import ArgumentParser
import Foundation
import Travel

struct TravelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "travel",
        abstract: "Travel data: API (PAXLST) and PNR (PNRGOV) messages in UN/EDIFACT.",
        subcommands: [TravelParseCommand.self]
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
