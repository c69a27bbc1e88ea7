import Foundation
import PortunusCore

/// Zones and positions for tests, benchmarks and the demo, fixed by a seed (SplitMix64):
/// shaped like the real thing, not like a toy.
public enum SyntheticZones {
    struct Random {
        var generator: SplitMix64
        init(_ seed: UInt64) { generator = SplitMix64(seed: seed) }
        mutating func uniform(_ range: ClosedRange<Double>) -> Double {
            range.lowerBound + Double(generator.next() >> 11) / Double(1 << 53) * (range.upperBound - range.lowerBound)
        }
        mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(generator.next() % UInt64(range.count)) }
    }

    /// A star-shaped polygon: `vertices` at evenly spaced angles around a centre, each at a
    /// random radius between 0.3 and 1 times `radius` degrees, so that the boundary zigzags
    /// in and out (the hard case for point in polygon: many edges at every latitude).
    public static func star(vertices: Int, centre: Position = Position(37.0, -1.0), radius: Double = 1.0, seed: UInt64) -> Feature {
        var random = Random(seed)
        let ring = blob(&random, centre: centre, radius: radius, vertices: vertices, inner: 0.3)
        return Feature(id: "star", properties: ["kind": .string("restricted_airspace")], geometry: .polygon(Polygon(rings: [ring])))
    }

    /// A closed ring of `vertices` at evenly spaced angles around a centre, each at a random
    /// radius between `inner` and 1 times `radius` degrees (0.6: a jittered circle).
    static func blob(_ random: inout Random, centre: Position, radius: Double, vertices: Int, inner: Double = 0.6) -> [Position] {
        var ring: [Position] = []
        for index in 0..<vertices {
            let angle = 2 * Double.pi * Double(index) / Double(vertices)
            let r = radius * random.uniform(inner...1.0)
            ring.append(Position(centre.longitude + r * cos(angle), centre.latitude + r * sin(angle)))
        }
        ring.append(ring[0])
        return ring
    }

    /// Zones clustered as real customs zones are: around ports, border crossings and inland
    /// terminals (`clusters` centres on land between 40° S and 60° N), each cluster a few to
    /// dozens of zones of 0.5 to 20 km across and 6 to 60 vertices, overlapping where a free
    /// zone lies inside a port's customs area; a tenth have a hole, a tenth two parts.
    public static func clustered(count: Int, clusters: Int = 60, seed: UInt64) -> [Feature] {
        var random = Random(seed)
        let centres = (0..<clusters).map { _ in Position(random.uniform(-120...150), random.uniform(-40...60)) }
        let kinds: [ZoneKind] = [.customsOffice, .borderCrossing, .specialCustomsZone, .freeZone, .area]
        var features: [Feature] = []
        for index in 0..<count {
            // Clusters of uneven size: the first centres draw more zones.
            let cluster = min(clusters - 1, Int(Double(clusters) * pow(random.uniform(0...1), 2)))
            let spread = 0.15
            let centre = Position(
                centres[cluster].longitude + random.uniform(-spread...spread), centres[cluster].latitude + random.uniform(-spread...spread))
            let radius = random.uniform(0.0025...0.09)
            let outer = blob(&random, centre: centre, radius: radius, vertices: random.int(6...60))
            var polygons = [Polygon(rings: [outer])]
            let shape = random.int(0...9)
            if shape == 0 {
                polygons[0].rings.append(blob(&random, centre: centre, radius: radius * 0.25, vertices: 8).reversed())
            } else if shape == 1 {
                let second = Position(centre.longitude + radius * 2.5, centre.latitude)
                polygons.append(Polygon(rings: [blob(&random, centre: second, radius: radius * 0.5, vertices: 10)]))
            }
            features.append(
                Feature(
                    id: "Z\(index)", properties: ["kind": .string(kinds[index % kinds.count].rawValue)],
                    geometry: polygons.count == 1 ? .polygon(polygons[0]) : .multiPolygon(polygons)))
        }
        return features
    }

    /// Zones with holes and several parts, for agreement tests.
    public static func holesAndParts(count: Int, seed: UInt64) -> [Feature] {
        var random = Random(seed)
        var features: [Feature] = []
        for index in 0..<count {
            let centre = Position(random.uniform(-10...10), random.uniform(-10...10))
            let radius = random.uniform(0.5...3)
            var first = Polygon(rings: [blob(&random, centre: centre, radius: radius, vertices: random.int(8...200))])
            for hole in 0..<random.int(0...2) {
                let offset = Double(hole) * radius * 0.4 - radius * 0.2
                first.rings.append(blob(&random, centre: Position(centre.longitude + offset, centre.latitude), radius: radius * 0.15, vertices: 12))
            }
            var polygons = [first]
            if random.int(0...2) == 0 {
                polygons.append(
                    Polygon(rings: [
                        blob(
                            &random, centre: Position(centre.longitude + radius * 2.5, centre.latitude + radius), radius: radius * 0.6,
                            vertices: 30)
                    ]))
            }
            features.append(
                Feature(
                    id: nil, properties: ["id": .string("H\(index)")],
                    geometry: polygons.count == 1 ? .polygon(polygons[0]) : .multiPolygon(polygons)))
        }
        return features
    }

    /// Positions to test zones with: half anywhere in the zones' overall box, half close to
    /// their vertices (within a hundredth of a degree), where mistakes happen.
    public static func points(around zones: [Zone], count: Int, seed: UInt64) -> [Position] {
        var random = Random(seed)
        guard var box = zones.first?.boundingBox else { return [] }
        for zone in zones.dropFirst() { box = box.union(zone.boundingBox) }
        let vertices = zones.flatMap { $0.feature.geometry?.positions ?? [] }
        return (0..<count).map { index in
            if index % 2 == 0 || vertices.isEmpty {
                return Position(random.uniform(box.west...box.east), random.uniform(box.south...box.north))
            }
            let vertex = vertices[random.int(0...(vertices.count - 1))]
            return Position(
                min(180, max(-180, vertex.longitude + random.uniform(-0.01...0.01))),
                min(90, max(-90, vertex.latitude + random.uniform(-0.01...0.01))))
        }
    }
}
