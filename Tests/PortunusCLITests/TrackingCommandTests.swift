import Foundation
import PortunusTestSupport
import Testing

@Suite("portunus drone and geo", .offPool)
struct TrackingCommandTests {
    @Test(
        "drone decode --json: one line per frame with Remote ID data, frame numbers as tshark's, unknowns null, raw integers under raw; CRC failures flagged",
        .enabled(if: TestEnvironment.hasDatasets("remote-id/odid_wifi_sample.pcap", "remote-id/odid_bt5_lr_sample.pcapng")))
    func droneDecode() throws {
        let result = try runPortunus(["drone", "decode", "--pcap", TestEnvironment.dataset("remote-id/odid_wifi_sample.pcap").path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try result.stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(lines.count == 42 && lines[0]["frame"] as? Int == 2 && lines[0]["transport"] as? String == "wifi-nan-action")
        let location = try #require(lines.first { (($0["messages"] as? [[String: Any]])?.first?["type"] as? Int) == 1 })
        let message = try #require((location["messages"] as? [[String: Any]])?.first)
        #expect(message["latitude"] as? Double == 45.5450519 && message["direction"] as? Double == 288)
        #expect(message["speed_vertical"] is NSNull && message["altitude_pressure"] is NSNull, "the standard's unknowns are null")
        let raw = try #require(message["raw"] as? [String: Any])
        #expect(raw["speed_vertical"] as? Int == 126 && raw["altitude_pressure"] as? Int == 0 && raw["latitude"] as? Int == 455_450_519)

        let bluetooth = try runPortunus(["drone", "decode", "--pcap", TestEnvironment.dataset("remote-id/odid_bt5_lr_sample.pcapng").path, "--json"])
        let frames = bluetooth.stdout.split(separator: "\n")
        #expect(bluetooth.status == 0 && frames.count == 273)
        #expect(
            frames.filter { $0.contains(#""crc_ok":false"#) }.count == 29
                && !frames.contains { $0.contains(#""crc_ok":false"#) && $0.contains("messages") })
        #expect(bluetooth.stderr.contains("29 failed the link-layer check"))
        #expect(try runPortunus(["drone", "decode", "--pcap", "/nonexistent.pcap"]).status == 2)
    }

    @Test("geo contains: CSV id,zone_ids with a header, ids joined by ; in collection order; bad points reported by line")
    func geoContains() throws {
        let directory = TestEnvironment.temporaryDirectory("geo-cli")
        defer { TestEnvironment.cleanUp(directory) }
        let zones = directory.appendingPathComponent("zones.geojson")
        let points = directory.appendingPathComponent("points.csv")
        try """
        {"type": "FeatureCollection", "features": [
          {"type": "Feature", "properties": {"id": "outer"}, "geometry": {"type": "Polygon", "coordinates": [[[0,0],[10,0],[10,10],[0,10],[0,0]]]}},
          {"type": "Feature", "id": 42, "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[[2,2],[4,2],[4,4],[2,4],[2,2]]]}},
          {"type": "Feature", "properties": {}, "geometry": {"type": "MultiPolygon", "coordinates": [[[[3,3],[5,3],[5,5],[3,5],[3,3]]], [[[20,20],[21,20],[21,21],[20,20]]]]}}
        ]}
        """.write(to: zones, atomically: true, encoding: .utf8)
        try "id,lon,lat\nA,3.5,3.5\nB,1,1\nC,50,50\nD,20.5,20.2\nE,abc,1\nF,10,5\n".write(to: points, atomically: true, encoding: .utf8)
        let result = try runPortunus(["geo", "contains", "--zones", zones.path, "--points", points.path])
        #expect(result.stdout == "id,zone_ids\nA,outer;42;2\nB,outer\nC,\nD,2\nF,outer\n")
        #expect(result.status == 1 && result.stderr.contains("line 6"), "the bad point is reported by line: \(result.stderr)")
    }

    @Test(
        "geo zones import: Natural Earth's countries as national borders, ids from a property; list, remove",
        .enabled(if: TestEnvironment.hasDatasets("geo/naturalearth_lowres_countries.geojson")))
    func zonesImport() throws {
        let directory = TestEnvironment.temporaryDirectory("geo-zones")
        defer { TestEnvironment.cleanUp(directory) }
        let data = ["--data-dir", directory.path]
        let file = TestEnvironment.dataset("geo/naturalearth_lowres_countries.geojson").path
        let imported = try runPortunus(["geo", "zones", "import", file, "--kind", "national_border", "--id-property", "name"] + data)
        #expect(imported.status == 0 && imported.stdout.contains("stored 177 zones: 177 added"), "\(imported.stdout) \(imported.stderr)")
        let listed = try runPortunus(["geo", "zones", "list", "--kind", "national_border"] + data)
        #expect(listed.stdout.split(separator: "\n").count == 177 && listed.stdout.contains("Kenya\tnational_border"))
        #expect(try runPortunus(["geo", "zones", "remove", "Kenya"] + data).status == 0)
        #expect(try runPortunus(["geo", "zones", "remove", "Kenya"] + data).status == 1)
        #expect(try runPortunus(["geo", "zones", "import", file, "--kind", "moon"] + data).status == 2)
    }

    @Test("tracking replay: a recorded track through the alert rules prints exactly its alerts; bad rows reported by line")
    func replay() throws {
        let directory = TestEnvironment.temporaryDirectory("tracking-replay")
        defer { TestEnvironment.cleanUp(directory) }
        let zones = directory.appendingPathComponent("zones.geojson")
        let movements = directory.appendingPathComponent("movements.json")
        let track = directory.appendingPathComponent("track.csv")
        try """
        {"type": "FeatureCollection", "features": [
          {"type": "Feature", "id": "DEP", "properties": {"kind": "customs_office"}, "geometry": {"type": "Polygon", "coordinates": [[[0.9,4.9],[1.1,4.9],[1.1,5.1],[0.9,5.1],[0.9,4.9]]]}},
          {"type": "Feature", "id": "DST", "properties": {"kind": "customs_office"}, "geometry": {"type": "Polygon", "coordinates": [[[2.9,4.9],[3.1,4.9],[3.1,5.1],[2.9,5.1],[2.9,4.9]]]}},
          {"type": "Feature", "id": "ROAD", "properties": {"kind": "transit_corridor", "buffer_m": 1000}, "geometry": {"type": "LineString", "coordinates": [[1,5],[2,5],[3,5]]}}
        ]}
        """.write(to: zones, atomically: true, encoding: .utf8)
        try
            #"[{"reference": "26KE0002T", "device": "T-2", "corridor": "ROAD", "departure_office": "DEP", "destination_office": "DST", "deadline": "2026-01-01T06:00:00Z", "seals": ["S-1"]}]"#
            .write(to: movements, atomically: true, encoding: .utf8)
        var rows = ["device,time,lon,lat,speed,seal,seal_event"]
        for step in 0...12 {
            let minute = step * 5
            let lat = (4...7).contains(step) ? 5.1 : 5.0  // 11 km north of the road for 20 minutes
            rows.append("T-2,2026-01-01T00:\(String(format: "%02d", minute)):00Z,\(1 + Double(step) * 0.05),\(lat),20,,")
        }
        rows.append("T-2,2026-01-01T01:01:00Z,,,,S-1,opened")
        rows.append("T-2,not a time,1,5,,,")
        try (rows.joined(separator: "\n") + "\n").write(to: track, atomically: true, encoding: .utf8)
        let result = try runPortunus([
            "tracking", "replay", track.path, "--zones", zones.path, "--movements", movements.path, "--until", "2026-01-01T07:00:00Z", "--json",
        ])
        let kinds = result.stdout.split(separator: "\n").compactMap { line -> String? in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["kind"] as? String
        }
        #expect(kinds == ["corridor_deviation", "seal_opened", "late_arrival", "device_silent"], "\(result.stdout) \(result.stderr)")
        #expect(result.status == 1 && result.stderr.contains("line 16"), "the bad row is reported by line")
    }
}
