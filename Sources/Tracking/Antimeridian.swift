/// Splitting at the antimeridian (RFC 7946 §3.1.9).
public enum Antimeridian {
    /// Whether a sequence of positions has an edge spanning more than 180° of longitude. An
    /// edge between two points on ±180° is not one: that is a seam of data already split
    /// there (Natural Earth's Antarctica runs along the pole from 180° to -179.99999999999994°).
    static func crosses(_ positions: [Position]) -> Bool {
        zip(positions, positions.dropFirst()).contains { a, b in
            abs(b.longitude - a.longitude) > 180 && !(abs(a.longitude) >= 180 - 1e-9 && abs(b.longitude) >= 180 - 1e-9)
        }
    }

    /// Longitudes made continuous: each position within 180° of the one before.
    static func unwrapped(_ positions: [Position]) -> [Position] {
        guard var previous = positions.first else { return [] }
        var result = [previous]
        for position in positions.dropFirst() {
            var next = position
            while next.longitude - previous.longitude > 180 { next.longitude -= 360 }
            while next.longitude - previous.longitude < -180 { next.longitude += 360 }
            result.append(next)
            previous = next
        }
        return result
    }

    /// A polygon whose rings cross the antimeridian, as the parts either side of it.
    public static func splitPolygon(_ polygon: Polygon) -> [Polygon] {
        guard polygon.rings.contains(where: crosses) else { return [polygon] }
        // Unwrap every ring into one continuous longitude range, anchored on the exterior.
        let exterior = unwrapped(polygon.rings[0])
        let anchor = exterior[0].longitude
        let rings =
            [exterior]
            + polygon.rings.dropFirst().map { ring -> [Position] in
                var unwrappedRing = unwrapped(ring)
                let shift = ((anchor - unwrappedRing[0].longitude) / 360).rounded() * 360
                for index in unwrappedRing.indices { unwrappedRing[index].longitude += shift }
                return unwrappedRing
            }
        // The meridian where the unwrapped polygon passes ±180.
        let cut = exterior.contains { $0.longitude > 180 } ? 180.0 : -180.0
        var parts: [Polygon] = []
        for keepWest in [true, false] {
            let outer = clip(rings[0], at: cut, keepWest: keepWest)
            guard outer.count >= 4, GeoJSON.signedArea(outer) != 0 else { continue }
            let holes = rings.dropFirst().map { clip($0, at: cut, keepWest: keepWest) }.filter { $0.count >= 4 }
            // Shift the far side back into [-180, 180].
            let shift: Double = cut == 180 ? (keepWest ? 0 : -360) : (keepWest ? 360 : 0)
            parts.append(
                Polygon(rings: ([outer] + holes).map { ring in ring.map { Position($0.longitude + shift, $0.latitude, altitude: $0.altitude) } }))
        }
        return parts.isEmpty ? [polygon] : parts
    }

    /// Sutherland–Hodgman against one meridian: the ring's part west (or east) of it, closed.
    static func clip(_ ring: [Position], at meridian: Double, keepWest: Bool) -> [Position] {
        func inside(_ p: Position) -> Bool { keepWest ? p.longitude <= meridian : p.longitude >= meridian }
        func crossing(_ a: Position, _ b: Position) -> Position {
            let t = (meridian - a.longitude) / (b.longitude - a.longitude)
            return Position(meridian, a.latitude + t * (b.latitude - a.latitude))
        }
        var output: [Position] = []
        let open = Array(ring.dropLast())
        guard !open.isEmpty else { return [] }
        for index in open.indices {
            let current = open[index]
            let previous = open[(index + open.count - 1) % open.count]
            if inside(current) {
                if !inside(previous) { output.append(crossing(previous, current)) }
                output.append(current)
            } else if inside(previous) {
                output.append(crossing(previous, current))
            }
        }
        if let first = output.first { output.append(first) }
        return output
    }

    /// A line that crosses the antimeridian, as the pieces either side of it.
    public static func splitLine(_ line: [Position]) -> [[Position]] {
        guard crosses(line) else { return [line] }
        var pieces: [[Position]] = [[line[0]]]
        for (a, b) in zip(line, line.dropFirst()) {
            let delta = b.longitude - a.longitude
            if abs(delta) > 180 {
                // The short way round: leave at ±180 and come back in at ∓180.
                let east = delta < 0  // going east across 180
                let bUnwrapped = b.longitude + (east ? 360 : -360)
                let edge = east ? 180.0 : -180.0
                let t = (edge - a.longitude) / (bUnwrapped - a.longitude)
                let latitude = a.latitude + t * (b.latitude - a.latitude)
                pieces[pieces.count - 1].append(Position(edge, latitude))
                pieces.append([Position(-edge, latitude), b])
            } else {
                pieces[pieces.count - 1].append(b)
            }
        }
        return pieces.filter { $0.count >= 2 }
    }
}
