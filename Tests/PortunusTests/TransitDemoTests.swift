import Foundation
import PortunusTestSupport
import Testing
import Tracking

@testable import Portunus
@testable import PortunusCore
@testable import Storage

@Suite("Demo transit network")
struct TransitDemoTests {
    @Test("the network has the asked-for zones, routes on their corridors from office to office; a straying truck deviates once, and all arrive")
    func network() async throws {
        let directory = TestEnvironment.temporaryDirectory("portunus-transit")
        defer { TestEnvironment.cleanUp(directory) }
        let store = try PortunusStore(dataDirectory: directory.path)
        let demo = TransitDemo(zones: 100, movements: 10, seed: 3)
        #expect(demo.network.features.count == 100 && demo.network.routes.count == 10)
        #expect(demo.network.routes.allSatisfy { (100_000...700_000).contains($0.length) }, "routes run between offices 100 to 600 km apart")
        let tracking = try TrackingService(store: store)
        let seeded = try demo.seed(into: tracking, by: Principal(keyID: "test", role: .admin))
        #expect(seeded == (100, 10))
        let zones = try tracking.zones.zoneSet()
        let start = Date(timeIntervalSince1970: 1_796_083_200)
        // Every fix of a truck that does not stray lies in its corridor.
        for index in [0, 1, 8] {
            let route = demo.network.routes[index]
            for step in stride(from: 0, to: 3_000, by: 97) {
                let report = demo.report(index, step: step, start: start)
                #expect(zones.containing(report.longitude, report.latitude).contains { zones.zones[$0].id == route.corridor })
            }
        }
        var alerts: [StoredAlert] = []
        for step in 0..<3_500 {
            alerts += try await tracking.report((0..<10).map { demo.report($0, step: step, start: start) }, source: "json").alerts
        }
        let deviations = alerts.filter { $0.kind == .corridorDeviation }.compactMap(\.movement)
        #expect(deviations == [TransitDemo.reference(7)], "the straying truck deviates once")
        #expect(!alerts.contains { $0.kind == .unauthorisedStop || $0.kind == .borderCrossing })
        #expect(try store.tracking.movements(state: .arrived).count == 10, "every truck reaches its office of destination, the stray one too")
    }
}
