import Foundation
import Hummingbird
import HummingbirdTesting
import PortunusTestSupport
import Testing

@testable import PortunusServer

@Suite("Zones API")
struct ZoneAPITests {
    @Test("zones in and out as GeoJSON: a collection with a bad feature stores the good ones; lookup by position; put, get, delete; roles")
    func zones() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        let collection = """
            {"type": "FeatureCollection", "features": [
              {"type": "Feature", "id": "KE-MSA-FZ", "properties": {"kind": "free_zone", "name": "Port free zone"},
               "geometry": {"type": "Polygon", "coordinates": [[[39.60, -4.10], [39.70, -4.10], [39.70, -4.00], [39.60, -4.00], [39.60, -4.10]]]}},
              {"type": "Feature", "id": "KE-A109", "properties": {"kind": "transit_corridor", "buffer_m": 500},
               "geometry": {"type": "LineString", "coordinates": [[39.65, -4.05], [36.82, -1.29]]}},
              {"type": "Feature", "id": "bad", "properties": {"kind": "free_zone"},
               "geometry": {"type": "Polygon", "coordinates": [[[39.6, -4.1], [39.7, -4.1], [39.7, -4.0]]]}}
            ]}
            """
        try await fixture.application().test(.router) { client in
            #expect(try await client.send(.post, "/api/v1/zones", key: fixture.keys["officer"], body: collection).status == .forbidden)
            let stored = try await client.send(
                .post, "/api/v1/zones", key: fixture.keys["analyst"], contentType: "application/geo+json", body: collection)
            #expect(stored.status == .ok && stored.json["stored"] as? [String] == ["KE-MSA-FZ", "KE-A109"] && stored.json["added"] as? Int == 2)
            let problems = try #require(stored.json["problems"] as? [[String: Any]])
            #expect(problems.count == 1 && problems[0]["field"] as? String == "/features/2/geometry/coordinates/0")

            let here = try await client.send(.get, "/api/v1/zones?lon=39.65&lat=-4.05", key: fixture.keys["officer"])
            #expect(here.status == .ok && here.text.contains("KE-MSA-FZ") && here.text.contains("KE-A109"))
            let corridor = try await client.send(.get, "/api/v1/zones?lon=38.235&lat=-2.67", key: fixture.keys["officer"])
            #expect(corridor.text.contains("KE-A109") && !corridor.text.contains("KE-MSA-FZ"), "on the corridor's line, far from the port")
            let nowhere = try await client.send(.get, "/api/v1/zones?lon=0&lat=0", key: fixture.keys["officer"])
            #expect(nowhere.text == #"{"type":"FeatureCollection","features":[]}"#)

            // Fences: a truck leaving the port zone along the corridor, then a move across the zone.
            let leaving = try await client.send(
                .post, "/api/v1/zones/detect", key: fixture.keys["officer"],
                body: #"{"previous": [39.65, -4.05], "current": [39.55, -3.95]}"#)
            let moves = try #require(leaving.json["zones"] as? [[String: Any]])
            #expect(moves.first { $0["zone"] as? String == "KE-MSA-FZ" }?["detect"] as? [String] == ["exit", "outside"])
            #expect(moves.first { $0["zone"] as? String == "KE-A109" }?["detect"] as? [String] == ["inside"])
            let across = try await client.send(
                .post, "/api/v1/zones/detect", key: fixture.keys["officer"],
                body: #"{"previous": [39.55, -4.15], "current": [39.75, -3.95]}"#)
            let crossed = try #require(across.json["zones"] as? [[String: Any]])
            #expect(crossed.first { $0["zone"] as? String == "KE-MSA-FZ" }?["detect"] as? [String] == ["cross", "outside"])
            let first = try await client.send(.post, "/api/v1/zones/detect", key: fixture.keys["officer"], body: #"{"current": [39.65, -4.05]}"#)
            #expect((first.json["zones"] as? [[String: Any]])?.count == 2)

            let all = try await client.send(.get, "/api/v1/zones?kind=free_zone", key: fixture.keys["officer"])
            #expect(all.status == .ok && all.text.contains("KE-MSA-FZ") && !all.text.contains("KE-A109"))
            let one = try await client.send(.get, "/api/v1/zones/KE-MSA-FZ", key: fixture.keys["officer"])
            #expect(one.status == .ok && one.text.hasPrefix(#"{"type":"Feature","id":"KE-MSA-FZ""#))

            let replacement = #"{"type": "Feature", "properties": {"kind": "customs_office"}, "geometry": {"type": "Point", "coordinates": [0, 0]}}"#
            let refused = try await client.send(.put, "/api/v1/zones/OFFICE-1", key: fixture.keys["analyst"], body: replacement)
            #expect(refused.status == .unprocessableContent, "a point is no zone")
            let office =
                #"{"type": "Feature", "properties": {"kind": "customs_office"}, "geometry": {"type": "Polygon", "coordinates": [[[0,0],[1,0],[1,1],[0,1],[0,0]]]}}"#
            #expect(try await client.send(.put, "/api/v1/zones/OFFICE-1", key: fixture.keys["analyst"], body: office).status == .created)
            #expect(try await client.send(.put, "/api/v1/zones/OFFICE-1", key: fixture.keys["analyst"], body: office).status == .ok)
            #expect(try await client.send(.get, "/api/v1/zones?lon=0.5&lat=0.5", key: fixture.keys["officer"]).text.contains("OFFICE-1"))
            #expect(try await client.send(.delete, "/api/v1/zones/OFFICE-1", key: fixture.keys["analyst"]).status == .noContent)
            #expect(try await client.send(.get, "/api/v1/zones/OFFICE-1", key: fixture.keys["officer"]).status == .notFound)
            #expect(!(try await client.send(.get, "/api/v1/zones?lon=0.5&lat=0.5", key: fixture.keys["officer"]).text.contains("OFFICE-1")))
            #expect(try await client.send(.get, "/api/v1/zones", key: fixture.keys["traderA"]).status == .forbidden)
        }
    }
}
