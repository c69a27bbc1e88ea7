import ArgumentParser
import Foundation
import Portunus
import PortunusCore
import Travel

struct TravelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "travel",
        abstract: "Travel data: API (PAXLST) and PNR (PNRGOV) messages in UN/EDIFACT.",
        subcommands: [
            TravelParseCommand.self, TravelIngestCommand.self, TravelReparseCommand.self, TravelAirportsCommand.self, TravelScreenCommand.self,
            TravelEvaluateMatchingCommand.self, TravelListsCommand.self, TravelRulesCommand.self, TravelRescreenCommand.self,
            TravelRetentionCommand.self,
        ]
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
    @Option(help: "Airport time-zone table (CSV with iata and tz columns); defaults to $PORTUNUS_AIRPORTS, then the data directory's.")
    var airports: String?
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        let data = Data(try readFile(file))
        let table = try airportTable(explicit: airports, data: self.data)
        let messages = TravelReader.read(data, airports: table)
        for message in messages {
            if json {
                try printJSON(message)
            } else {
                print(
                    "\(message.type) \(message.version): flight \(message.flight?.number ?? "?") \(message.flight?.departure ?? "?")→\(message.flight?.arrival ?? "?"), "
                        + "\(message.passengers.count) people, \(message.bookings.count) bookings, \(message.diagnostics.count) diagnostics")
                for diagnostic in message.diagnostics { print("  \(diagnostic)") }
            }
        }
    }
}

struct TravelIngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract:
            "Receive every file in a folder (a watched folder with --watch): store it raw with what reading gave, link its people to travellers, screen its flights, then move it to done/.",
        discussion:
            "A file received before (the same bytes) is recognised and not stored twice. Files whose messages cannot be read at all are kept too (status failed)."
    )
    @Argument(help: "The folder.") var folder: String
    @Flag(help: "Keep watching the folder for new files.") var watch = false
    @Option(help: "Seconds between looks when watching.") var interval: Double = 2
    @OptionGroup var data: DataDirectoryOptions

    func validate() throws {
        // Duration.seconds(_:) traps on NaN, infinity and values beyond its range.
        guard interval.isFinite, (0.01...86_400).contains(interval) else { throw ValidationError("--interval is 0.01 to 86400 seconds") }
    }

    func run() async throws {
        CommandLogging.bootstrap()
        let table = try airportTable(explicit: nil, data: data)
        let done = URL(fileURLWithPath: folder).appendingPathComponent("done")
        try FileManager.default.createDirectory(at: done, withIntermediateDirectories: true)
        repeat {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
            for name in names {
                let path = URL(fileURLWithPath: folder).appendingPathComponent(name)
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path.path, isDirectory: &isDirectory), !isDirectory.boolValue,
                    let bytes = FileManager.default.contents(atPath: path.path)
                else { continue }
                let (receipt, processed) = try data.withStore { store in
                    let receipt = try TravelIntake(store: store, airports: table).receive(bytes, source: "file:" + name)
                    return (receipt, try TargetingService(store: store).process(messageID: receipt.id))
                }
                standardOutput(
                    "\(name): \(receipt.duplicate ? "already received as" : "stored as") \(receipt.id), \(receipt.status), "
                        + "\(receipt.messages) messages, \(receipt.passengers) people, \(receipt.bookings) bookings, \(receipt.diagnostics.count) diagnostics; "
                        + "\(processed.linked) linked to known travellers, \(processed.newTravellers) new, \(processed.hits) hits")
                let target = done.appendingPathComponent(name)
                try? FileManager.default.removeItem(at: target)
                try FileManager.default.moveItem(at: path, to: target)
            }
            if watch { try await Task.sleep(for: .seconds(interval)) }
        } while watch
    }
}

struct TravelReparseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reparse", abstract: "Read again the stored files read by an older parser (after a parser fix).")
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        CommandLogging.bootstrap()
        let table = try airportTable(explicit: nil, data: data)
        let count = try data.withStore { try TravelIntake(store: $0, airports: table).reparse() }
        print("read again: \(count) files")
    }
}

/// The airport time-zone table: the file given, else $PORTUNUS_AIRPORTS, else the data
/// directory's `reference/airports.csv`; nil when there is none.
func airportTable(explicit: String?, data: DataDirectoryOptions) throws -> AirportTimeZones? {
    do {
        if let explicit { return try AirportTimeZones.load(path: explicit) }
        return try AirportTimeZones.standard(dataDirectory: data.configuration.dataDirectory)
    } catch {
        throw error.exit()
    }
}

struct TravelAirportsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "airports",
        abstract: "Install an airport time-zone table (CSV with iata and tz columns) into the data directory, after checking every zone.",
        discussion:
            "Times in travel messages are local to each airport; with this table they are also stored in UTC. `make run` installs the airportsdata package's table."
    )
    @Argument(help: "The CSV file.") var file: String
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        let table = try airportTable(explicit: file, data: data)!
        let directory = URL(fileURLWithPath: data.configuration.dataDirectory).appendingPathComponent("reference")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let target = directory.appendingPathComponent("airports.csv")
        let temporary = directory.appendingPathComponent(".airports.csv.tmp")
        try? FileManager.default.removeItem(at: temporary)
        try FileManager.default.copyItem(at: URL(fileURLWithPath: file), to: temporary)
        // rename(2): the table is replaced whole, never seen half-written.
        guard rename(temporary.path, target.path) == 0 else {
            throw PortunusError(.io, "cannot install the airport table in \(directory.path)").exit()
        }
        print("installed \(table.zones.count) airports with their time zones in \(target.path)")
    }
}
