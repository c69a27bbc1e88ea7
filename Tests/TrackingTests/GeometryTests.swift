import Foundation
import PortunusTestSupport
import Testing

@testable import PortunusCore
@testable import Tracking

@Suite("Geometry and zones", .offPool)
struct GeometryTests {
    static func ring(_ points: [(Double, Double)]) -> [Position] { (points + [points[0]]).map { Position($0.0, $0.1) } }

    @Test("orientation is exact: the classic near-collinear grid against y = x is decided as exact arithmetic decides it")
    func orientation() {
        let epsilon = 0x1p-53
        var wrongNaive = 0
        for i in 0..<64 {
            for j in 0..<64 {
                let x = 0.5 + Double(i) * epsilon
                let y = 0.5 + Double(j) * epsilon
                let side = Predicates.orientation(12, 12, 24, 24, x, y)
                // Exactly 12 (y − x): its sign is the sign of j − i.
                #expect(side.sign == (j > i ? .plus : .minus) || (i == j && side == 0), "grid point \(i), \(j)")
                if i == j { #expect(side == 0) } else { #expect((side > 0) == (j > i)) }
                let naive = (12 - x) * (24 - y) - (12 - y) * (24 - x)
                if (naive > 0) != (j > i) || (naive == 0) != (i == j) { wrongNaive += 1 }
            }
        }
        #expect(wrongNaive > 0, "plain floating point gets some of these wrong, which is why the exact stage exists")
    }

    @Test("the boundary rule: on an edge or vertex (a hole's too) is boundary, and zones hold their boundary; holes and parts by even-odd")
    func boundary() throws {
        let polygon = Polygon(rings: [Self.ring([(0, 0), (10, 0), (10, 10), (0, 10)]), Self.ring([(4, 4), (6, 4), (6, 6), (4, 6)])])
        let island = Polygon(rings: [Self.ring([(20, 0), (22, 0), (21, 2)])])
        let area = try #require(PreparedArea([polygon, island]))
        #expect(area.locate(1, 1) == .inside && area.locate(5, 5) == .outside && area.locate(15, 5) == .outside && area.locate(21, 1) == .inside)
        for (x, y) in [(0.0, 5.0), (10, 5), (5, 0), (5, 10), (0, 0), (10, 10), (4, 5), (6, 5), (5, 4), (5, 6), (4, 4), (20, 0), (21, 0), (21.5, 1)] {
            #expect(area.locate(x, y) == .boundary, "(\(x), \(y)) is on an edge or vertex")
            #expect(area.contains(x, y))
        }
        #expect(area.locate(-0.000001, 5) == .outside && area.locate(0.000001, 5) == .inside)
        #expect(area.locate(5, 4.000001) == .outside, "just inside the hole")
        // Every lattice point of a fine grid agrees with a direct even-odd count.
        var mismatches = 0
        for i in -4...104 {
            for j in -4...104 {
                let x = Double(i) / 10
                let y = Double(j) / 10
                let expected: Bool = {
                    let inOuter = x >= 0 && x <= 10 && y >= 0 && y <= 10
                    let inHoleOpen = x > 4 && x < 6 && y > 4 && y < 6
                    return inOuter && !inHoleOpen
                }()
                if area.contains(x, y) != expected { mismatches += 1 }
            }
        }
        #expect(mismatches == 0)
    }

    @Test("GeoJSON: errors name their JSON pointer; bad features reported, good ones kept; written with the right-hand rule")
    func geoJSON() throws {
        let text = """
            {"type": "FeatureCollection", "features": [
              {"type": "Feature", "id": "a", "properties": {"kind": "free_zone"}, "geometry": {"type": "Polygon", "coordinates": [[[0,0],[0,1],[1,1],[1,0],[0,0]]]}},
              {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[[0,0],[1,0],[1,95],[0,0]]]}},
              {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[[0,0],[1,0],[1,1],[0,1]]]}},
              {"type": "Feature", "properties": {}, "geometry": {"type": "Hexagon", "coordinates": []}},
              {"type": "Feature", "properties": {"id": 7}, "geometry": {"type": "Point", "coordinates": [3, 4, 5]}}
            ]}
            """
        let document = try GeoJSON.read(Data(text.utf8))
        #expect(document.features.map(\.id) == ["a", "7"])
        #expect(
            document.problems.map(\.field) == [
                "/features/1/geometry/coordinates/0/2/1", "/features/2/geometry/coordinates/0/3", "/features/3/geometry/type",
            ])
        #expect(document.problems.allSatisfy { $0.code == .invalidGeoJSON })
        #expect(throws: PortunusError.self) { try GeoJSON.read(Data("{\"type\": ".utf8)) }
        // The exterior was clockwise: it is written counter-clockwise.
        let written = try GeoJSON.read(GeoJSON.write(document.features))
        let exterior = try #require(written.features[0].geometry?.polygons.first?.rings.first)
        #expect(GeoJSON.signedArea(exterior) > 0)
        #expect(written.features[1].geometry == .point(Position(3, 4, altitude: 5)))
    }

    @Test("the antimeridian: a polygon and a line drawn across it are split into the parts either side")
    func antimeridian() throws {
        let text = #"{"type": "Polygon", "coordinates": [[[170, -10], [-170, -10], [-170, 10], [170, 10], [170, -10]]]}"#
        let geometry = try #require(try GeoJSON.read(Data(text.utf8)).features.first?.geometry)
        guard case .multiPolygon(let parts) = geometry else {
            Issue.record("expected two parts, got \(geometry)")
            return
        }
        #expect(parts.count == 2)
        let area = try #require(PreparedArea(geometry))
        #expect(area.contains(175, 0) && area.contains(-175, 0) && area.contains(180, 0) && area.contains(-180, 5))
        #expect(!area.contains(0, 0) && !area.contains(165, 0) && !area.contains(-165, 0))
        let line = try #require(
            try GeoJSON.read(Data(#"{"type": "LineString", "coordinates": [[178, 0], [-178, 2]]}"#.utf8)).features.first?.geometry)
        guard case .multiLineString(let pieces) = line else {
            Issue.record("expected two pieces")
            return
        }
        #expect(pieces.count == 2 && pieces[0].last == Position(180, 1) && pieces[1].first == Position(-180, 1))
    }

    @Test("distances on the sphere; corridors; Tile38 fence detections")
    func distancesAndFences() throws {
        let equator = [Position(0, 0), Position(10, 0)]
        #expect(abs(Geodesy.distance(Position(5, 1), line: equator) - Geodesy.metresPerDegree) < 1e-6)
        #expect(abs(Geodesy.distance(Position(12, 0), line: equator) - 2 * Geodesy.metresPerDegree) < 1e-6, "past the end: to the end")
        #expect(abs(Geodesy.distance(Position(0, 0), Position(0, 1)) - 111_195.08) < 0.01)

        let corridor = try Zone(
            feature: Feature(
                id: "c", properties: ["buffer_m": .number("500"), "kind": .string("transit_corridor")],
                geometry: .lineString([Position(36.0, -1.0), Position(37.0, -1.0)])), id: "c")
        #expect(corridor.contains(36.5, -1.004) && !corridor.contains(36.5, -1.006), "500 m is 0.0045° of latitude")
        let zone = try Zone(feature: Feature(id: "z", geometry: .polygon(Polygon(rings: [Self.ring([(0, 0), (1, 0), (1, 1), (0, 1)])]))), id: "z")
        #expect(FenceDetect.detect(zone: zone, previous: nil, current: Position(0.5, 0.5)) == [.inside])
        #expect(FenceDetect.detect(zone: zone, previous: Position(-1, 0.5), current: Position(0.5, 0.5)) == [.enter, .inside])
        #expect(FenceDetect.detect(zone: zone, previous: Position(0.5, 0.5), current: Position(2, 0.5)) == [.exit, .outside])
        #expect(FenceDetect.detect(zone: zone, previous: Position(-1, 0.5), current: Position(2, 0.5)) == [.cross, .outside])
        #expect(FenceDetect.detect(zone: zone, previous: Position(-1, 2), current: Position(2, 2)) == [.outside])
    }

    @Test("the STR-packed R-tree finds exactly the boxes that hold a point (checked by brute force)")
    func tree() {
        var random = SplitMix64(seed: 3)
        func uniform(_ range: ClosedRange<Double>) -> Double {
            range.lowerBound + Double(random.next() >> 11) / Double(1 << 53) * (range.upperBound - range.lowerBound)
        }
        let boxes = (0..<3_000).map { _ -> BoundingBox in
            let x = uniform(-180...170)
            let y = uniform(-90...80)
            return BoundingBox(west: x, south: y, east: x + uniform(0...10), north: y + uniform(0...10))
        }
        let tree = STRTree(boxes)
        for _ in 0..<2_000 {
            let x = uniform(-180...180)
            let y = uniform(-90...90)
            #expect(tree.query(x, y) == boxes.indices.filter { boxes[$0].contains(x, y) })
        }
        #expect(STRTree([]).query(0, 0).isEmpty)
    }

    @Test(
        "zone lookup agrees with shapely (GEOS) on random points against the Natural Earth countries and synthetic zones with holes and parts",
        .enabled(if: TestEnvironment.hasDatasets("geo/naturalearth_lowres_countries.geojson") && TestEnvironment.hasPython(".venv")))
    func shapely() throws {
        let python = try #require(TestEnvironment.python(".venv"))
        let script = TestEnvironment.repositoryRoot.appendingPathComponent("Benchmarks/peers/shapely_contains.py").path
        let directory = TestEnvironment.temporaryDirectory("geo")
        defer { TestEnvironment.cleanUp(directory) }
        let synthetic = directory.appendingPathComponent("synthetic.geojson")
        try GeoJSON.write(SyntheticZones.holesAndParts(count: 60, seed: 5)).write(to: synthetic)
        for zonesFile in [TestEnvironment.dataset("geo/naturalearth_lowres_countries.geojson"), synthetic] {
            let zones = try ZoneSet.read(Data(contentsOf: zonesFile))
            #expect(zones.problems.isEmpty, "\(zones.problems)")
            let points = SyntheticZones.points(around: zones.zones.zones, count: 20_000, seed: 9)
            let csv = directory.appendingPathComponent("points.csv")
            try ("id,lon,lat\n" + points.enumerated().map { "p\($0),\($1.longitude),\($1.latitude)" }.joined(separator: "\n") + "\n").write(
                to: csv, atomically: true, encoding: .utf8)
            let ours =
                "id,zone_ids\n"
                + points.enumerated().map { index, point in
                    "p\(index)," + zones.zones.containing(point.longitude, point.latitude).map { zones.zones.zones[$0].id }.joined(separator: ";")
                }.joined(separator: "\n") + "\n"
            let peer = try TestEnvironment.run(python, [script, zonesFile.path, csv.path])
            #expect(peer.status == 0, "\(peer.output.prefix(500))")
            let theirs = peer.output.split(separator: "\n", omittingEmptySubsequences: false)
            let mine = ours.split(separator: "\n", omittingEmptySubsequences: false)
            let differing = zip(mine, theirs).filter { $0 != $1 }
            #expect(
                mine.count == theirs.count && differing.isEmpty,
                "\(zonesFile.lastPathComponent): \(differing.count) points differ, e.g. \(differing.prefix(3))")
            let held = mine.filter { !$0.hasSuffix(",") }.count
            print("\(zonesFile.lastPathComponent): \(points.count) points, \(held) in some zone, \(differing.count) differ from shapely")
        }
    }
}
