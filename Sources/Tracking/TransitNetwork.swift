/// A synthetic transit network shaped like a regional one (the Northern Corridor's size):
/// customs offices, corridors between them, and watched zones on the way; a route for each
/// movement and the positions its truck reports along it.
public struct TransitNetwork: Sendable {
    public struct Route: Sendable {
        public var corridor: String
        public var departure: String
        public var destination: String
        public var line: [Position]
        /// Cumulative metres along the line at each vertex.
        var distances: [Double]
        public var length: Double { distances.last ?? 0 }
    }

    /// Offices, corridors (buffered lines) and watched zones, as GeoJSON features.
    public var features: [Feature]
    /// One route per movement.
    public var routes: [Route]

    /// `zones` features in all: two fifths customs offices (small polygons), half corridors
    /// (30-vertex lines, 1 km buffer, 100 to 600 km long) between two offices, a tenth
    /// special customs and free zones (64-vertex polygons) astride corridors. Movements take
    /// the corridors in turn, from one end or the other. Between 5° S and 5° N, 29° and 42° E.
    public static func generate(zones: Int, movements: Int, seed: UInt64) -> TransitNetwork {
        var random = SyntheticZones.Random(seed)
        let officeCount = max(2, zones * 2 / 5)
        let corridorCount = max(1, zones / 2)
        let watchedCount = max(0, zones - officeCount - corridorCount)
        var features: [Feature] = []
        let offices = (0..<officeCount).map { _ in Position(random.uniform(29...42), random.uniform(-5...5)) }
        for (index, centre) in offices.enumerated() {
            features.append(
                Feature(
                    id: "OFF-\(index)", properties: ["kind": .string("customs_office")],
                    geometry: .polygon(Polygon(rings: [SyntheticZones.blob(&random, centre: centre, radius: 0.01, vertices: 12)]))))
        }
        var corridors: [Route] = []
        for index in 0..<corridorCount {
            var a = random.int(0...(officeCount - 1))
            var b = random.int(0...(officeCount - 1))
            var tries = 0
            while tries < 50, a == b || !(100_000...600_000).contains(Geodesy.distance(offices[a], offices[b])) {
                a = random.int(0...(officeCount - 1))
                b = random.int(0...(officeCount - 1))
                tries += 1
            }
            if a == b { b = (a + 1) % officeCount }
            let start = offices[a]
            let end = offices[b]
            var line = [start]
            for step in 1..<29 {
                let t = Double(step) / 29
                line.append(
                    Position(
                        start.longitude + (end.longitude - start.longitude) * t + random.uniform(-0.03...0.03),
                        start.latitude + (end.latitude - start.latitude) * t + random.uniform(-0.03...0.03)))
            }
            line.append(end)
            let id = "COR-\(index)"
            features.append(
                Feature(id: id, properties: ["kind": .string("transit_corridor"), "buffer_m": .number("1000")], geometry: .lineString(line)))
            corridors.append(Route(corridor: id, departure: "OFF-\(a)", destination: "OFF-\(b)", line: line, distances: Self.distances(line)))
        }
        for index in 0..<watchedCount {
            let route = corridors[random.int(0...(corridorCount - 1))]
            let centre = route.line[random.int(3...(route.line.count - 4))]
            features.append(
                Feature(
                    id: "SCZ-\(index)", properties: ["kind": .string(index % 2 == 0 ? "special_customs_zone" : "free_zone")],
                    geometry: .polygon(
                        Polygon(rings: [SyntheticZones.blob(&random, centre: centre, radius: random.uniform(0.02...0.08), vertices: 64)]))))
        }
        let routes = (0..<movements).map { index -> Route in
            var route = corridors[index % corridorCount]
            if (index / corridorCount) % 2 == 1 {
                route.line.reverse()
                swap(&route.departure, &route.destination)
                route.distances = Self.distances(route.line)
            }
            return route
        }
        return TransitNetwork(features: features, routes: routes)
    }

    static func distances(_ line: [Position]) -> [Double] {
        var total = 0.0
        return [0]
            + zip(line, line.dropFirst()).map { a, b in
                total += Geodesy.distance(a, b)
                return total
            }
    }

    /// The point `metres` along a route (clamped to its ends), moved `offset` degrees north:
    /// a truck on its corridor, or beside it.
    public static func point(on route: Route, at metres: Double, offset: Double = 0) -> Position {
        let target = min(max(metres, 0), route.length)
        var low = 0
        var high = route.distances.count - 1
        while high - low > 1 {
            let middle = (low + high) / 2
            if route.distances[middle] <= target { low = middle } else { high = middle }
        }
        let span = route.distances[high] - route.distances[low]
        let t = span > 0 ? (target - route.distances[low]) / span : 0
        let a = route.line[low]
        let b = route.line[high]
        return Position(a.longitude + (b.longitude - a.longitude) * t, a.latitude + (b.latitude - a.latitude) * t + offset)
    }
}
