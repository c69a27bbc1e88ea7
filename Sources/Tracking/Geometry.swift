import Foundation

/// A WGS 84 position: longitude and latitude in degrees (RFC 7946 order), altitude in metres
/// when given.
public struct Position: Sendable, Hashable {
    public var longitude: Double
    public var latitude: Double
    public var altitude: Double?

    public init(_ longitude: Double, _ latitude: Double, altitude: Double? = nil) {
        self.longitude = longitude
        self.latitude = latitude
        self.altitude = altitude
    }
}

/// A polygon: closed linear rings (first position = last), the exterior first, then holes.
public struct Polygon: Sendable, Hashable {
    public var rings: [[Position]]
    public init(rings: [[Position]]) { self.rings = rings }
}

/// RFC 7946 geometries.
public indirect enum Geometry: Sendable, Hashable {
    case point(Position)
    case multiPoint([Position])
    case lineString([Position])
    case multiLineString([[Position]])
    case polygon(Polygon)
    case multiPolygon([Polygon])
    case collection([Geometry])

    /// The polygons of an areal geometry (a collection's too).
    public var polygons: [Polygon] {
        switch self {
        case .polygon(let polygon): [polygon]
        case .multiPolygon(let polygons): polygons
        case .collection(let members): members.flatMap(\.polygons)
        default: []
        }
    }

    /// The lines of a linear geometry (a collection's too).
    public var lines: [[Position]] {
        switch self {
        case .lineString(let line): [line]
        case .multiLineString(let lines): lines
        case .collection(let members): members.flatMap(\.lines)
        default: []
        }
    }

    public var positions: [Position] {
        switch self {
        case .point(let position): [position]
        case .multiPoint(let positions), .lineString(let positions): positions
        case .multiLineString(let lines): lines.flatMap { $0 }
        case .polygon(let polygon): polygon.rings.flatMap { $0 }
        case .multiPolygon(let polygons): polygons.flatMap { $0.rings.flatMap { $0 } }
        case .collection(let members): members.flatMap(\.positions)
        }
    }

    public var boundingBox: BoundingBox? { BoundingBox(positions) }
}

/// A longitude/latitude rectangle.
public struct BoundingBox: Sendable, Hashable {
    public var west: Double, south: Double, east: Double, north: Double

    public init(west: Double, south: Double, east: Double, north: Double) {
        self.west = west
        self.south = south
        self.east = east
        self.north = north
    }

    public init?(_ positions: [Position]) {
        guard let first = positions.first else { return nil }
        var box = BoundingBox(west: first.longitude, south: first.latitude, east: first.longitude, north: first.latitude)
        for position in positions.dropFirst() {
            box.west = min(box.west, position.longitude)
            box.east = max(box.east, position.longitude)
            box.south = min(box.south, position.latitude)
            box.north = max(box.north, position.latitude)
        }
        self = box
    }

    @inline(__always)
    public func contains(_ x: Double, _ y: Double) -> Bool { x >= west && x <= east && y >= south && y <= north }

    public func union(_ other: BoundingBox) -> BoundingBox {
        BoundingBox(west: min(west, other.west), south: min(south, other.south), east: max(east, other.east), north: max(north, other.north))
    }

    /// Widened by a distance in metres (a corridor's buffer), conservatively at the box's
    /// highest latitude.
    public func expanded(byMetres metres: Double) -> BoundingBox {
        let latitude = metres / Geodesy.metresPerDegree
        let highest = min(89.9, max(abs(south), abs(north)) + latitude)
        let longitude = metres / (Geodesy.metresPerDegree * cos(highest * .pi / 180))
        return BoundingBox(west: west - longitude, south: south - latitude, east: east + longitude, north: north + latitude)
    }
}

/// Where a point is relative to an area.
public enum PointLocation: Sendable, Hashable {
    case inside, outside, boundary
}

/// An areal geometry prepared for many point-in-area questions: its edges in horizontal
/// bands (a point only meets the edges of its band) and a grid whose cells no edge touches
/// answered once, ahead of time. Holes and several parts are handled by the even-odd rule
/// over all rings. Exact: orientation is decided by `Predicates` whenever rounding could
/// change the answer, and a point on an edge or vertex is `.boundary`.
///
/// The rule for the boundary: a point exactly on an edge or vertex of any ring (a hole's
/// too) is on the area's boundary, and zones count their boundary as theirs (`covers`):
/// `contains` is true for it. shapely calls this `intersects` (its `contains` is false on
/// the boundary); inside and outside points agree with both.
public struct PreparedArea: Sendable {
    public let boundingBox: BoundingBox
    let bands: Int
    let bandHeight: Double
    /// Edges of each band: x1, y1, x2, y2, contiguous; `bandStart[b]..<bandStart[b + 1]` in edges.
    let edges: [Double]
    let bandStart: [Int]
    /// The grid: `bands` rows × `columns`; 0 outside, 1 inside, 2 an edge passes.
    let columns: Int
    let cellWidth: Double
    let cells: [UInt8]
    public let edgeCount: Int

    public init?(_ polygons: [Polygon]) {
        var all: [(Double, Double, Double, Double)] = []
        for polygon in polygons {
            for ring in polygon.rings where ring.count >= 2 {
                for index in 1..<ring.count {
                    let a = ring[index - 1]
                    let b = ring[index]
                    if a.longitude == b.longitude && a.latitude == b.latitude { continue }
                    all.append((a.longitude, a.latitude, b.longitude, b.latitude))
                }
            }
        }
        guard !all.isEmpty, let box = BoundingBox(polygons.flatMap { $0.rings.flatMap { $0 } }) else { return nil }
        boundingBox = box
        edgeCount = all.count
        let side = max(8, min(1024, Int((Double(all.count).squareRoot() * 2).rounded(.up))))
        bands = side
        columns = side
        bandHeight = max((box.north - box.south) / Double(side), .leastNormalMagnitude)
        cellWidth = max((box.east - box.west) / Double(side), .leastNormalMagnitude)
        // Each edge into every band its y-range meets (inclusive: a point on a band's edge
        // line sees the edges ending there).
        var perBand = [[Int]](repeating: [], count: side)
        var grid = [UInt8](repeating: 0, count: side * side)
        for (index, edge) in all.enumerated() {
            let low = min(edge.1, edge.3)
            let high = max(edge.1, edge.3)
            let first = Self.clamp(Int(((low - box.south) / bandHeight).rounded(.down)) - 1, side)
            let last = Self.clamp(Int(((high - box.south) / bandHeight).rounded(.down)) + 1, side)
            for band in first...last {
                let bandLow = box.south + Double(band) * bandHeight
                let bandHigh = bandLow + bandHeight
                guard high >= bandLow - bandHeight * 1e-9, low <= bandHigh + bandHeight * 1e-9 else { continue }
                perBand[band].append(index)
                // The x-range of the edge inside this band, widened a little: its cells are mixed.
                let (xLow, xHigh) = Self.xRange(edge, from: max(low, bandLow), to: min(high, bandHigh))
                let slack = cellWidth * 1e-6 + abs(xHigh - xLow) * 1e-9
                let columnLow = Self.clamp(Int(((xLow - slack - box.west) / cellWidth).rounded(.down)), side)
                let columnHigh = Self.clamp(Int(((xHigh + slack - box.west) / cellWidth).rounded(.down)), side)
                for column in columnLow...columnHigh { grid[band * side + column] = 2 }
            }
        }
        var flat: [Double] = []
        var starts: [Int] = [0]
        flat.reserveCapacity(perBand.reduce(0) { $0 + $1.count } * 4)
        for band in perBand {
            for index in band {
                let edge = all[index]
                flat += [edge.0, edge.1, edge.2, edge.3]
            }
            starts.append(flat.count / 4)
        }
        edges = flat
        bandStart = starts
        // Cells no edge touches are wholly inside or outside: decide each by its centre.
        var decided = grid
        for band in 0..<side {
            for column in 0..<side where grid[band * side + column] == 0 {
                let x = box.west + (Double(column) + 0.5) * cellWidth
                let y = box.south + (Double(band) + 0.5) * bandHeight
                decided[band * side + column] = Self.scan(x, y, edges: flat, from: starts[band], to: starts[band + 1]) == .inside ? 1 : 0
            }
        }
        cells = decided
    }

    public init?(_ geometry: Geometry) { self.init(geometry.polygons) }

    @inline(__always)
    static func clamp(_ value: Int, _ count: Int) -> Int { min(max(value, 0), count - 1) }

    /// The x-range of an edge between two latitudes.
    static func xRange(_ edge: (Double, Double, Double, Double), from low: Double, to high: Double) -> (Double, Double) {
        let (x1, y1, x2, y2) = edge
        guard y1 != y2 else { return (min(x1, x2), max(x1, x2)) }
        func x(at y: Double) -> Double { x1 + (x2 - x1) * ((min(max(y, min(y1, y2)), max(y1, y2)) - y1) / (y2 - y1)) }
        let a = x(at: low)
        let b = x(at: high)
        return (min(a, b), max(a, b))
    }

    /// Where a point is: inside, outside, or on the boundary.
    public func locate(_ x: Double, _ y: Double) -> PointLocation {
        guard boundingBox.contains(x, y) else { return .outside }
        let band = Self.clamp(Int(((y - boundingBox.south) / bandHeight).rounded(.down)), bands)
        let column = Self.clamp(Int(((x - boundingBox.west) / cellWidth).rounded(.down)), columns)
        switch cells[band * columns + column] {
        case 0: return .outside
        case 1: return .inside
        default: return Self.scan(x, y, edges: edges, from: bandStart[band], to: bandStart[band + 1])
        }
    }

    /// Covers: inside or on the boundary.
    @inline(__always)
    public func contains(_ x: Double, _ y: Double) -> Bool { locate(x, y) != .outside }

    /// The even-odd count of a ray to +x over a band's edges (`from..<to`).
    @inline(__always)
    static func scan(_ x: Double, _ y: Double, edges: [Double], from start: Int, to end: Int) -> PointLocation {
        var inside = false
        return edges.withUnsafeBufferPointer { edge in
            var index = start * 4
            while index < end * 4 {
                let x1 = edge[index]
                let y1 = edge[index + 1]
                let x2 = edge[index + 2]
                let y2 = edge[index + 3]
                index += 4
                let above1 = y1 > y
                let above2 = y2 > y
                if above1 != above2 {
                    if x1 < x && x2 < x { continue }  // wholly left: the ray cannot meet it
                    if x1 > x && x2 > x {
                        inside.toggle()  // wholly right: it crosses the ray
                        continue
                    }
                    let side = Predicates.orientation(x1, y1, x2, y2, x, y)
                    if side == 0 { return .boundary }
                    if (y2 > y1) == (side > 0) { inside.toggle() }
                } else if y1 == y && y2 == y {
                    if x >= min(x1, x2) && x <= max(x1, x2) { return .boundary }
                } else if (y1 == y && x1 == x) || (y2 == y && x2 == x) {
                    return .boundary
                }
            }
            return inside ? .inside : .outside
        }
    }
}

/// Distances on the sphere of the mean Earth radius (IUGG R1 = 6,371,008.8 m): within about
/// 0.5 % of the ellipsoid's, which a corridor of tens of metres or more tolerates.
public enum Geodesy {
    public static let earthRadius = 6_371_008.8
    public static let metresPerDegree = earthRadius * .pi / 180

    /// Great-circle distance in metres (haversine).
    public static func distance(_ a: Position, _ b: Position) -> Double {
        let phi1 = a.latitude * .pi / 180
        let phi2 = b.latitude * .pi / 180
        let deltaPhi = phi2 - phi1
        let deltaLambda = (b.longitude - a.longitude) * .pi / 180
        let h = sin(deltaPhi / 2) * sin(deltaPhi / 2) + cos(phi1) * cos(phi2) * sin(deltaLambda / 2) * sin(deltaLambda / 2)
        return 2 * earthRadius * asin(min(1, h.squareRoot()))
    }

    /// The distance in metres from a point to a great-circle segment: the cross-track
    /// distance when the point's foot falls within the segment, else the nearer end.
    public static func distance(_ point: Position, segment a: Position, _ b: Position) -> Double {
        func vector(_ p: Position) -> (Double, Double, Double) {
            let phi = p.latitude * .pi / 180
            let lambda = p.longitude * .pi / 180
            return (cos(phi) * cos(lambda), cos(phi) * sin(lambda), sin(phi))
        }
        func cross(_ u: (Double, Double, Double), _ v: (Double, Double, Double)) -> (Double, Double, Double) {
            (u.1 * v.2 - u.2 * v.1, u.2 * v.0 - u.0 * v.2, u.0 * v.1 - u.1 * v.0)
        }
        func dot(_ u: (Double, Double, Double), _ v: (Double, Double, Double)) -> Double { u.0 * v.0 + u.1 * v.1 + u.2 * v.2 }
        let p = vector(point)
        let va = vector(a)
        let vb = vector(b)
        let normal = cross(va, vb)
        let length = dot(normal, normal).squareRoot()
        guard length > 1e-15 else { return distance(point, a) }
        let n = (normal.0 / length, normal.1 / length, normal.2 / length)
        // The foot of the perpendicular lies between a and b when it is on the a side of b's
        // meridian-like plane and the b side of a's.
        if dot(cross(va, p), n) >= 0 && dot(cross(p, vb), n) >= 0 {
            return earthRadius * abs(asin(max(-1, min(1, dot(p, n)))))
        }
        return min(distance(point, a), distance(point, b))
    }

    /// The distance in metres from a point to a line (the nearest of its segments).
    public static func distance(_ point: Position, line: [Position]) -> Double {
        guard line.count > 1 else { return line.first.map { distance(point, $0) } ?? .infinity }
        var best = Double.infinity
        for index in 1..<line.count { best = min(best, distance(point, segment: line[index - 1], line[index])) }
        return best
    }
}
