import ArgumentParser
import Foundation
import Portunus
import PortunusCore
import Tracking

struct GeoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "geo",
        abstract: "Geodata: zones from GeoJSON and the positions they hold.",
        subcommands: [GeoContainsCommand.self, GeoZonesCommand.self]
    )
}

/// Zones from a GeoJSON file; the features that cannot be zones are printed with their
/// pointers and counted.
func readZones(_ path: String) throws -> (zones: ZoneSet, refused: Int) {
    do {
        let read = try ZoneSet.read(Data(try readFile(path)))
        for problem in read.problems { standardError("  zones: \(problem)") }
        return (read.zones, read.problems.count)
    } catch let error as PortunusError { throw error.exit() }
}

struct GeoContainsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contains",
        abstract: "For each point, the zones that hold it.",
        discussion: """
            Points: CSV with a header and columns id, lon, lat. Output: CSV with a header, id,zone_ids: the ids of the zones \
            holding the point, joined by ; in collection order (a zone's id is the feature's id, else properties.id, else its \
            0-based index). A point on a zone's boundary is in it. Zones that are not areas or corridors, and points that do not \
            read, are reported on standard error with their place and left out; exit 1 when any was.
            """
    )
    @Option(help: "The zones: a GeoJSON FeatureCollection (or one Feature).") var zones: String
    @Option(help: "The points: CSV id,lon,lat with a header.") var points: String

    func run() async throws {
        let (set, refused) = try readZones(zones)
        var failures = refused
        let reader: CSVReader
        do { reader = try CSVReader(path: points) } catch { throw error.exit() }
        var output = "id,zone_ids\n"
        var header = true
        var columns = (id: 0, lon: 1, lat: 2)
        let out = FileHandle.standardOutput
        while true {
            do {
                guard try reader.readRecord() else { break }
                let record = reader.record
                if header {
                    header = false
                    let names = try (0..<record.count).map { try record.string(at: $0).trimmingCharacters(in: .whitespaces).lowercased() }
                    guard let id = names.firstIndex(of: "id"), let lon = names.firstIndex(of: "lon"), let lat = names.firstIndex(of: "lat") else {
                        throw PortunusError(.missingColumn, "the points file's header names id, lon and lat", location: .init(line: record.line))
                    }
                    columns = (id, lon, lat)
                    continue
                }
                guard record.count > max(columns.id, columns.lon, columns.lat) else {
                    throw PortunusError(.fieldCount, "expected id, lon and lat", location: .init(line: record.line))
                }
                let id = try record.string(at: columns.id)
                guard let lon = Double(try record.string(at: columns.lon)), (-180...180).contains(lon) else {
                    throw PortunusError(
                        .invalidNumber, "lon is a number from -180 to 180",
                        location: .init(line: record.line, column: columns.lon + 1, columnName: "lon"))
                }
                guard let lat = Double(try record.string(at: columns.lat)), (-90...90).contains(lat) else {
                    throw PortunusError(
                        .invalidNumber, "lat is a number from -90 to 90",
                        location: .init(line: record.line, column: columns.lat + 1, columnName: "lat"))
                }
                output += Self.csvField(id) + "," + Self.csvField(set.containing(lon, lat).map { set.zones[$0].id }.joined(separator: ";")) + "\n"
                if output.utf8.count > 1 << 16 {
                    out.write(Data(output.utf8))
                    output = ""
                }
            } catch let error as PortunusError {
                if error.code == .missingColumn { throw error.exit() }
                standardError("  points: \(error) at \(error.location?.description ?? "?")")
                failures += 1
            }
        }
        out.write(Data(output.utf8))
        if failures > 0 { throw ExitCode(1) }
    }

    static func csvField(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}
