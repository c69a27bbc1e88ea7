import Foundation
import PortunusCore

/// A zone: an area (polygon, multipolygon) or a corridor (a line with a buffer in metres).
public struct Zone: Sendable {
    public var id: String
    public var kind: ZoneKind
    public var name: String?
    public var feature: Feature
    /// A corridor's half-width: how far from its centre line a position may be.
    public var bufferMetres: Double?
    let area: PreparedArea?
    let lines: [[Position]]
    /// A corridor's segments, each with its bounding box grown by the buffer (and by how far
    /// a great circle may bow out of its ends' box): only a position inside a segment's box
    /// is measured against it, so a lookup costs comparisons, not trigonometry, away from
    /// the line.
    let segments: [(box: BoundingBox, a: Position, b: Position)]
    public let boundingBox: BoundingBox

    /// A zone from a feature: `properties.kind` (a ZoneKind; default `area`, or
    /// `transit_corridor` for lines), `properties.name`, and for lines `properties.buffer_m`.
    public init(feature: Feature, id: String, at pointer: String = "") throws(PortunusError) {
        guard let geometry = feature.geometry else { throw PortunusError(.invalidGeoJSON, "a zone has a geometry", field: pointer + "/geometry") }
        self.id = id
        self.feature = feature
        name = feature.string("name")
        lines = geometry.lines
        let polygons = geometry.polygons
        let kindText = feature.string("kind") ?? (polygons.isEmpty ? ZoneKind.transitCorridor.rawValue : ZoneKind.area.rawValue)
        guard let kind = ZoneKind(rawValue: kindText) else {
            throw PortunusError(
                .invalidGeoJSON, "kind is one of \(ZoneKind.allCases.map(\.rawValue).joined(separator: ", "))", field: pointer + "/properties/kind")
        }
        self.kind = kind
        if !lines.isEmpty {
            // At least a metre: a narrower corridor is finer than any fix's accuracy (GNSS
            // receivers are good to a few metres), and the sampled crossing test divides by it.
            guard let buffer = feature.number("buffer_m"), buffer >= 1, buffer <= 100_000 else {
                throw PortunusError(
                    .invalidGeoJSON, "a corridor (a line) has buffer_m: metres either side of its centre line, from 1 to 100,000",
                    field: pointer + "/properties/buffer_m")
            }
            bufferMetres = buffer
        }
        guard !polygons.isEmpty || !lines.isEmpty else {
            throw PortunusError(
                .invalidGeoJSON, "a zone is an area (Polygon, MultiPolygon) or a corridor (LineString, MultiLineString)", field: pointer + "/geometry"
            )
        }
        area = polygons.isEmpty ? nil : PreparedArea(polygons)
        let lines = self.lines
        segments =
            bufferMetres.map { buffer in
                lines.flatMap { line in
                    zip(line, line.dropFirst()).map { a, b in
                        let box = BoundingBox(
                            west: min(a.longitude, b.longitude), south: min(a.latitude, b.latitude),
                            east: max(a.longitude, b.longitude), north: max(a.latitude, b.latitude))
                        let length = Geodesy.distance(a, b)
                        let highest = min(89.0, max(abs(box.south), abs(box.north)))
                        let bow = length * length / (8 * Geodesy.earthRadius) * tan(highest * .pi / 180)
                        return (box.expanded(byMetres: buffer + bow + 1), a, b)
                    }
                }
            } ?? []
        var box = geometry.boundingBox!
        if let buffer = bufferMetres { box = box.expanded(byMetres: buffer) }
        boundingBox = box
    }

    /// Whether the zone holds a position (its boundary included; a corridor within its buffer).
    @inline(__always)
    public func contains(_ longitude: Double, _ latitude: Double) -> Bool {
        if let area, area.contains(longitude, latitude) { return true }
        if let buffer = bufferMetres {
            let point = Position(longitude, latitude)
            for segment in segments
            where segment.box.contains(longitude, latitude) && Geodesy.distance(point, segment: segment.a, segment.b) <= buffer {
                return true
            }
            // A line of one position: a circle around it.
            for line in lines where line.count == 1 && Geodesy.distance(point, line[0]) <= buffer { return true }
        }
        return false
    }

    /// Whether the straight segment between two fixes meets the zone (for `cross`): an end
    /// inside, or an edge of the zone crossed; for corridors, a sampled check every tenth of
    /// the buffer.
    public func intersects(from a: Position, to b: Position) -> Bool {
        if contains(a.longitude, a.latitude) || contains(b.longitude, b.latitude) { return true }
        if area != nil {
            for polygon in feature.geometry?.polygons ?? [] {
                for ring in polygon.rings {
                    for index in 1..<ring.count where Self.segmentsIntersect(a, b, ring[index - 1], ring[index]) { return true }
                }
            }
        }
        if let buffer = bufferMetres {
            let length = Geodesy.distance(a, b)
            let steps = max(1, min(10_000, Int(saturating: length / (buffer / 10))))
            for step in 1..<steps {
                let t = Double(step) / Double(steps)
                if contains(a.longitude + t * (b.longitude - a.longitude), a.latitude + t * (b.latitude - a.latitude)) { return true }
            }
        }
        return false
    }

    static func segmentsIntersect(_ p1: Position, _ p2: Position, _ q1: Position, _ q2: Position) -> Bool {
        func orient(_ a: Position, _ b: Position, _ c: Position) -> Double {
            Predicates.orientation(a.longitude, a.latitude, b.longitude, b.latitude, c.longitude, c.latitude)
        }
        let d1 = orient(q1, q2, p1)
        let d2 = orient(q1, q2, p2)
        let d3 = orient(p1, p2, q1)
        let d4 = orient(p1, p2, q2)
        if ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)) { return true }
        func onSegment(_ a: Position, _ b: Position, _ c: Position) -> Bool {
            c.longitude >= min(a.longitude, b.longitude) && c.longitude <= max(a.longitude, b.longitude)
                && c.latitude >= min(a.latitude, b.latitude) && c.latitude <= max(a.latitude, b.latitude)
        }
        return (d1 == 0 && onSegment(q1, q2, p1)) || (d2 == 0 && onSegment(q1, q2, p2)) || (d3 == 0 && onSegment(p1, p2, q1))
            || (d4 == 0 && onSegment(p1, p2, q2))
    }
}
