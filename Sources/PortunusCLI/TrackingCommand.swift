import ArgumentParser
import Foundation
import Portunus
import PortunusCore
import Tracking

struct TrackingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tracking",
        abstract: "Cargo tracking: transit movements, positions and the alerts a control room acts on.",
        subcommands: [TrackingReplayCommand.self]
    )
}

struct TrackingReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Feed a recorded track through the alert rules and print the alerts.",
        discussion: """
            The track: CSV with a header and columns device, time (ISO 8601), lon, lat, and optionally speed (m/s) and seal \
            (a seal id) with seal_event (sealed, opened, tampered, battery_low) for a seal's report instead of a position. Rows \
            are taken in time order; the clock ticks at every row and once at the end (--until), for late arrivals and silent \
            devices. Movements: a JSON array of {reference, device, corridor, departure_office, destination_office, deadline, \
            seals}, the zone ids those name coming from --zones. With --json, one JSON object per alert.
            """
    )
    @Argument(help: "The track (CSV).") var track: String
    @Option(help: "The zones (GeoJSON).") var zones: String
    @Option(help: "The transit movements (JSON).") var movements: String?
    @Option(help: "The clock's last tick (ISO 8601); default: the last row's time.") var until: String?
    @Flag(help: "JSON lines.") var json = false

    func run() async throws {
        var engine = AlertEngine(zones: try readZones(zones).zones)
        if let movements {
            guard let list = try? JSONDecoder().decode([TrackingJSON.Opening].self, from: Data(try readFile(movements))) else {
                throw PortunusError(.invalidJSON, "the movements file is a JSON array of movements").exit()
            }
            for movement in list {
                guard let opened = try? movement.movement else {
                    throw PortunusError(.invalidDate, "movement \(movement.reference): deadline is ISO 8601", field: "deadline").exit()
                }
                engine.register(TrackingService.engineMovement(opened))
            }
        }
        let reader: CSVReader
        do { reader = try CSVReader(path: track) } catch { throw error.exit() }
        var columns: [String: Int] = [:]
        var alerts: [TrackingAlert] = []
        var last: Date?
        var failures = 0
        while true {
            do {
                guard try reader.readRecord() else { break }
                let record = reader.record
                if columns.isEmpty {
                    for index in 0..<record.count { columns[try record.string(at: index).trimmingCharacters(in: .whitespaces).lowercased()] = index }
                    guard columns["device"] != nil, columns["time"] != nil else {
                        throw PortunusError(.missingColumn, "the track's header names device and time", location: .init(line: record.line))
                    }
                    continue
                }
                func field(_ name: String) throws(PortunusError) -> String? {
                    guard let index = columns[name], index < record.count else { return nil }
                    let value = try record.string(at: index)
                    return value.isEmpty ? nil : value
                }
                func invalid(_ name: String, _ reason: String) -> PortunusError {
                    PortunusError(.invalidArgument, reason, location: .init(line: record.line, column: (columns[name] ?? 0) + 1, columnName: name))
                }
                guard let device = try field("device") else { throw invalid("device", "a row names its device") }
                guard let time = try field("time").flatMap(ISO8601.parse) else { throw invalid("time", "time is ISO 8601") }
                alerts += engine.tick(time)
                if let seal = try field("seal") {
                    guard let kind = try field("seal_event").flatMap(SealEvent.Kind.init(rawValue:)) else {
                        throw invalid("seal_event", "seal_event is sealed, opened, tampered or battery_low")
                    }
                    alerts += engine.seal(SealEvent(seal: seal, kind: kind, at: time))
                } else {
                    guard let lon = try field("lon").flatMap(Double.init), (-180...180).contains(lon) else {
                        throw invalid("lon", "lon is -180 to 180")
                    }
                    guard let lat = try field("lat").flatMap(Double.init), (-90...90).contains(lat) else { throw invalid("lat", "lat is -90 to 90") }
                    var report = PositionReport(device: device, time: time, latitude: lat, longitude: lon)
                    report.speed = try field("speed").flatMap(Double.init)
                    alerts += engine.position(report)
                }
                last = time
            } catch let error as PortunusError {
                if error.code == .missingColumn { throw error.exit() }
                standardError("  track: \(error) at \(error.location?.description ?? "?")")
                failures += 1
            }
        }
        if let end = until.flatMap(ISO8601.parse) ?? last { alerts += engine.tick(end) }
        for alert in alerts {
            if json {
                struct Line: Encodable {
                    var kind: String, at: String, device: String, movement: String?, lon: Double?, lat: Double?, zone: String?, detail: String
                }
                let line = Line(
                    kind: alert.kind.rawValue, at: ISO8601.format(alert.at), device: alert.device, movement: alert.movement,
                    lon: alert.position?.longitude, lat: alert.position?.latitude, zone: alert.zone, detail: alert.detail)
                try printJSON(line)
            } else {
                print(
                    "\(ISO8601.format(alert.at))  \(alert.kind.rawValue)  \(alert.device)\(alert.movement.map { " (\($0))" } ?? "")  \(alert.detail)")
            }
        }
        standardError("\(alerts.count) alerts")
        if failures > 0 { throw ExitCode(1) }
    }
}
