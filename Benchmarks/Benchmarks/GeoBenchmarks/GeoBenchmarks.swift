import Benchmark
import Foundation
import PortunusCore
import Tracking

/// Point in polygon and zone lookup, on the inputs `Benchmarks/peers/shapely_contains.py
/// --bench` reads (written to `PORTUNUS_BENCH_DIR/geo/`), so the ratio against shapely 2
/// (GEOS: `contains_xy` on a prepared geometry, and an STRtree query) comes from the same
/// points:
///
/// - a star-shaped zone of 10,000 vertices whose boundary zigzags between 0.3 and 1 of its
///   radius (many edges at every latitude), 1,000,000 points uniform in its box;
/// - 1,000 zones clustered as customs zones are (around 60 ports and crossings, 6 to 60
///   vertices, some with holes or two parts), 1,000,000 points: half uniform over their box,
///   half within a hundredth of a degree of a vertex.
let benchmarks: @Sendable () -> Void = {
    let directory = URL(fileURLWithPath: ProcessInfo.processInfo.environment["PORTUNUS_BENCH_DIR"] ?? "/tmp/portunus-bench").appendingPathComponent(
        "geo")
    try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let star = SyntheticZones.star(vertices: 10_000, seed: 1)
    let starZones = ZoneSet([try! Zone(feature: star, id: "star")])
    let clustered = SyntheticZones.clustered(count: 1_000, seed: 2)
    let zones = ZoneSet(clustered.map { try! Zone(feature: $0, id: $0.id!) })
    let box = starZones.zones[0].boundingBox
    var random = SplitMix64(seed: 3)
    func uniform(_ low: Double, _ high: Double) -> Double { low + Double(random.next() >> 11) / Double(1 << 53) * (high - low) }
    let starPoints = (0..<1_000_000).map { _ in Position(uniform(box.west, box.east), uniform(box.south, box.north)) }
    let zonePoints = SyntheticZones.points(around: zones.zones, count: 1_000_000, seed: 4)
    func write(_ points: [Position], _ name: String) {
        let text = "id,lon,lat\n" + points.enumerated().map { "p\($0),\($1.longitude),\($1.latitude)" }.joined(separator: "\n") + "\n"
        try? text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    try? GeoJSON.write([star]).write(to: directory.appendingPathComponent("star.geojson"))
    try? GeoJSON.write(clustered).write(to: directory.appendingPathComponent("zones.geojson"))
    write(starPoints, "star-points.csv")
    write(zonePoints, "zone-points.csv")
    let area = PreparedArea(star.geometry!)!

    Benchmark(
        "Geo: point in polygon, a 10,000-vertex star-shaped zone, 1,000,000 points",
        configuration: .init(metrics: [.wallClock, .throughput], scalingFactor: .mega, maxDuration: .seconds(20), maxIterations: 20)
    ) { benchmark in
        var inside = 0
        for point in starPoints where area.contains(point.longitude, point.latitude) { inside += 1 }
        blackHole(inside)
    }

    Benchmark(
        "Geo: zones holding a point, 1,000 clustered zones (STR tree, exact test), 1,000,000 points",
        configuration: .init(metrics: [.wallClock, .throughput], scalingFactor: .mega, maxDuration: .seconds(20), maxIterations: 20)
    ) { benchmark in
        var hits = 0
        for point in zonePoints { hits += zones.containing(point.longitude, point.latitude).count }
        blackHole(hits)
    }
}
