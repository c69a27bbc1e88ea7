import ArgumentParser
import Foundation
import Portunus
import PortunusCore
import Tracking

struct GeoZonesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zones",
        abstract: "Zones in the data directory: import GeoJSON, list, remove.",
        subcommands: [GeoZonesImportCommand.self, GeoZonesListCommand.self, GeoZonesRemoveCommand.self]
    )
}

struct GeoZonesImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Add or replace zones from a GeoJSON FeatureCollection (by id).",
        discussion: """
            National borders from Natural Earth: portunus geo zones import naturalearth_lowres_countries.geojson --kind national_border \
            --id-property name. Features that cannot be zones are reported with their JSON pointers and the others stored; exit 1 \
            when any was refused.
            """
    )
    @Argument(help: "The GeoJSON file.") var file: String
    @Option(help: "Every zone's kind: \(ZoneKind.allCases.map(\.rawValue).joined(separator: ", ")).") var kind: String?
    @Option(name: .customLong("id-property"), help: "The property whose value is each zone's id.") var idProperty: String?
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        let bytes = Data(try readFile(file))
        let zoneKind: ZoneKind?
        if let kind {
            guard let parsed = ZoneKind(rawValue: kind) else { throw PortunusError(.invalidArgument, "no zone kind \(kind)", field: "kind").exit() }
            zoneKind = parsed
        } else {
            zoneKind = nil
        }
        let report = try data.withStore { try ZoneService(store: $0).put(bytes, kind: zoneKind, idProperty: idProperty, by: commandPrincipal) }
        for problem in report.problems { standardError("  \(problem.field ?? "/"): \(problem.code): \(problem.detail)") }
        print("stored \(report.stored.count) zones: \(report.added) added, \(report.replaced) replaced; refused \(report.problems.count)")
        if !report.problems.isEmpty { throw ExitCode(1) }
    }
}

struct GeoZonesListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "The zones: id, kind, name.")
    @Option(help: "Only zones of this kind.") var kind: String?
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        let zones = try data.withStore { try $0.zones.zones(kind: kind).zones }
        if zones.isEmpty { print("no zones yet (portunus geo zones import FILE)") }
        for zone in zones { print("\(zone.id)\t\(zone.kind)\t\(zone.name ?? "")") }
    }
}

struct GeoZonesRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a zone (its history stays).")
    @Argument(help: "The zone id.") var id: String
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        guard try data.withStore({ try ZoneService(store: $0).remove(id: id, by: commandPrincipal) }) else {
            standardError("error: not_found: no zone \(id)")
            throw ExitCode(1)
        }
        print("removed zone \(id)")
    }
}
