import Foundation

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
