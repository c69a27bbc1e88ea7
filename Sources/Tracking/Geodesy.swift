import Foundation

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
