import Foundation
import Hummingbird
import Portunus
import PortunusCore
import Tracking

/// Zones over HTTP (`/api/v1/zones`): GeoJSON in and out (`application/geo+json`).
struct ZoneRoutes: Sendable {
    let service: ZoneService

    func register(in group: RouterGroup<PortunusRequestContext>) {
        group.get("zones", use: list)
        group.post("zones", use: put)
        group.post("zones/detect", use: detect)
        group.get("zones/{id}", use: zone)
        group.put("zones/{id}", use: putOne)
        group.delete("zones/{id}", use: remove)
    }

    static func geoJSON(_ data: Data, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/geo+json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// Every zone (`?kind=` one kind), or with `?lon=&lat=` the zones holding that position.
    @Sendable func list(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let query = request.uri.queryParameters
        if query["lon"] != nil || query["lat"] != nil {
            guard let lon = query["lon"].flatMap({ Double(String($0)) }), let lat = query["lat"].flatMap({ Double(String($0)) }) else {
                throw PortunusError(.invalidArgument, "lon and lat are numbers", field: "lon")
            }
            let zones = try service.containing(longitude: lon, latitude: lat, by: principal)
            let features = zones.map { zone -> Feature in
                var feature = zone.feature
                feature.id = zone.id
                return feature
            }
            return Self.geoJSON(GeoJSON.write(features))
        }
        return Self.geoJSON(try service.collection(kind: query["kind"].map { String($0) }, by: principal))
    }

    @Sendable func put(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        // The role before the body: a caller who may not write zones never makes us read 32 MiB.
        let principal = try context.requirePrincipal(for: .manageZones)
        let report = try service.put(try await request.data(.zones), by: principal)
        if report.stored.isEmpty, let first = report.problems.first {
            throw PortunusError(PortunusError.Code(first.code), first.detail, field: first.field)
        }
        return try Response.json(report, status: .ok)
    }

    struct Move: Decodable {
        var previous: [Double]?
        var current: [Double]
    }

    /// `{"previous": [lon, lat], "current": [lon, lat]}` → the zones the move is in, entered,
    /// left or crossed, with Tile38's detect values.
    @Sendable func detect(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal(for: .readZones)
        let move = try await request.json(Move.self)
        func position(_ values: [Double], _ field: String) throws -> Position {
            guard values.count == 2 || values.count == 3 else {
                throw PortunusError(.invalidArgument, "a position is [lon, lat]", field: "/" + field)
            }
            return Position(values[0], values[1])
        }
        let detections = try service.detect(
            previous: try move.previous.map { try position($0, "previous") }, current: try position(move.current, "current"),
            by: principal)
        return try Response.json(["zones": detections], status: .ok)
    }

    @Sendable func putOne(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal(for: .manageZones)
        let id = try context.parameters.require("id")
        let report = try service.put(try await request.data(.zones), id: id, by: principal)
        guard let feature = try service.feature(id: id, by: principal) else { throw PortunusError(.notFound, "no such zone", field: "id") }
        return Self.geoJSON(Data(feature.utf8), status: report.added == 1 ? .created : .ok)
    }

    @Sendable func zone(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        guard let feature = try service.feature(id: try context.parameters.require("id"), by: principal) else {
            throw PortunusError(.notFound, "no such zone", field: "id")
        }
        return Self.geoJSON(Data(feature.utf8))
    }

    @Sendable func remove(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        guard try service.remove(id: try context.parameters.require("id"), by: principal) else {
            throw PortunusError(.notFound, "no such zone", field: "id")
        }
        return Response(status: .noContent)
    }
}
