import Foundation
import PortunusCore

/// What a zone is for a customs administration.
public enum ZoneKind: String, Sendable, Codable, CaseIterable {
    case customsOffice = "customs_office"
    case borderCrossing = "border_crossing"
    case specialCustomsZone = "special_customs_zone"
    case freeZone = "free_zone"
    case transitCorridor = "transit_corridor"
    case restrictedAirspace = "restricted_airspace"
    case nationalBorder = "national_border"
    /// Anything else an operator draws.
    case area
}

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

/// Zones in collection order with an STR-packed R-tree over their boxes: which zones hold a
/// position costs a tree descent and an exact test of the few candidates.
public struct ZoneSet: Sendable {
    public let zones: [Zone]
    let tree: STRTree

    public init(_ zones: [Zone]) {
        self.zones = zones
        tree = STRTree(zones.map(\.boundingBox))
    }

    /// Zones from a GeoJSON document: a zone's id is the feature's id, else
    /// `properties.id` (or the property `idProperty` names), else its 0-based index in the
    /// collection. `kind` sets every zone's kind (national borders from Natural Earth have
    /// none). Features that cannot be zones are reported with their pointers; the others
    /// are kept.
    public static func read(_ data: Data, kind: ZoneKind? = nil, idProperty: String? = nil) throws(PortunusError) -> (
        zones: ZoneSet, problems: [PortunusError]
    ) {
        let root = try JSONValue.parse(data)
        var zones: [Zone] = []
        var problems: [PortunusError] = []
        var reader = GeoJSON.Reader()
        let items: [(JSONValue, String)]
        if case .object(let members) = root, case .string("FeatureCollection")? = members["type"], case .array(let features)? = members["features"] {
            items = features.enumerated().map { ($1, "/features/\($0)") }
        } else {
            items = [(root, "")]
        }
        var seen: [String: Int] = [:]
        for (index, (item, pointer)) in items.enumerated() {
            do throws(PortunusError) {
                var feature = try reader.feature(item, at: pointer)
                if let kind { feature.properties["kind"] = .string(kind.rawValue) }
                if let idProperty {
                    guard let value = feature.string(idProperty) else {
                        throw PortunusError(
                            .invalidGeoJSON, "the feature has no \(idProperty.prefix(40)) to be its id", field: pointer + "/properties")
                    }
                    feature.id = value
                }
                let id = feature.id ?? String(index)
                if let first = seen[id] {
                    throw PortunusError(.invalidGeoJSON, "zone id \(id.prefix(40)) is also the id of feature \(first)", field: pointer + "/id")
                }
                seen[id] = index
                zones.append(try Zone(feature: feature, id: id, at: pointer))
            } catch {
                problems.append(error)
            }
        }
        return (ZoneSet(zones), problems)
    }

    /// Tile38's detections for an object moving from one fix to the next, for every zone it
    /// is in, entered, left or crossed (zones it stays outside of are left out), in
    /// collection order. `previous` is nil for an object's first fix.
    public func detect(previous: Position?, current: Position) -> [(zone: Int, detect: [FenceDetect])] {
        var box = BoundingBox(west: current.longitude, south: current.latitude, east: current.longitude, north: current.latitude)
        if let previous {
            box = box.union(BoundingBox(west: previous.longitude, south: previous.latitude, east: previous.longitude, north: previous.latitude))
        }
        var found: [(zone: Int, detect: [FenceDetect])] = []
        for (index, zone) in zones.enumerated() {
            let zoneBox = zone.boundingBox
            guard zoneBox.west <= box.east, zoneBox.east >= box.west, zoneBox.south <= box.north, zoneBox.north >= box.south else { continue }
            let detections = FenceDetect.detect(zone: zone, previous: previous, current: current)
            if detections != [.outside] { found.append((index, detections)) }
        }
        return found
    }

    /// The zones that hold a position, in collection order.
    public func containing(_ longitude: Double, _ latitude: Double) -> [Int] {
        var found: [Int] = []
        tree.forEach(containing: longitude, latitude) { index in
            if zones[index].contains(longitude, latitude) { found.append(index) }
        }
        found.sort()
        return found
    }
}

/// Tile38's fence vocabulary for one object moving past one zone, from its previous fix to
/// its current one: `inside` / `outside` on every fix, `enter` and `exit` when that changes,
/// `cross` when both fixes are outside but the path between them passes through the zone.
public enum FenceDetect: String, Sendable, Codable, CaseIterable {
    case inside, outside, enter, exit, cross

    /// What a fix means for a zone. `previous` is nil for an object's first fix.
    public static func detect(zone: Zone, previous: Position?, current: Position) -> [FenceDetect] {
        let now = zone.contains(current.longitude, current.latitude)
        guard let previous else { return [now ? .inside : .outside] }
        let before = zone.contains(previous.longitude, previous.latitude)
        switch (before, now) {
        case (false, true): return [.enter, .inside]
        case (true, false): return [.exit, .outside]
        case (true, true): return [.inside]
        case (false, false): return zone.intersects(from: previous, to: current) ? [.cross, .outside] : [.outside]
        }
    }
}
