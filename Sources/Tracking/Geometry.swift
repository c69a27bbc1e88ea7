import Foundation

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
