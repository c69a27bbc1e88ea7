import Foundation

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
