import Foundation
import PortunusCore
import Storage
import Tracking

/// Demo cargo tracking, generated from a seed: a transit network (customs offices, buffered
/// corridors between them, special customs and free zones on the way) in the store's zones,
/// and a movement on each route with its tracker (a 15-digit IMEI) and a seal. The same
/// network feeds the demo (`make run`) and the tracking load benchmark.
public struct TransitDemo: Sendable {
    public var network: TransitNetwork
    public var movements: Int

    public init(zones: Int, movements: Int, seed: UInt64) {
        network = TransitNetwork.generate(zones: zones, movements: movements, seed: seed)
        self.movements = movements
    }

    /// The tracker of the movement at `index`.
    public static func device(_ index: Int) -> String { String(356_000_000_000_000 + index) }
    public static func reference(_ index: Int) -> String { String(format: "26KE%014d", index) }

    /// Puts the zones and opens the movements (those already open are left as they are).
    public func seed(into tracking: TrackingService, by principal: Principal) throws(PortunusError) -> (zones: Int, movements: Int) {
        let zones = try tracking.zones.put(GeoJSON.write(network.features), by: principal)
        var opened = 0
        for (index, route) in network.routes.enumerated() where try tracking.store.tracking.movement(reference: Self.reference(index)) == nil {
            _ = try tracking.open(
                StoredMovement(
                    reference: Self.reference(index), device: Self.device(index), departureOffice: route.departure,
                    destinationOffice: route.destination, corridor: route.corridor,
                    deadline: Date().addingTimeInterval(7 * 86_400), seals: ["SEAL-\(index)"],
                    declarationID: nil), by: principal)
            opened += 1
        }
        return (zones.stored.count, opened)
    }

    /// The report of movement `index` at its `step`-th fix: every 10 s (device time from
    /// `start`) at 20 m/s along its route; every fiftieth truck strays 2 km off its corridor
    /// between 40 % and 60 % of the way.
    public func report(_ index: Int, step: Int, start: Date) -> PositionReport {
        let route = network.routes[index]
        let metres = Double(step) * 200
        let fraction = metres / max(route.length, 1)
        let astray = index % 50 == 7 && (0.4...0.6).contains(fraction)
        let position = TransitNetwork.point(on: route, at: metres, offset: astray ? 0.018 : 0)
        var report = PositionReport(
            device: Self.device(index), time: start.addingTimeInterval(Double(step) * 10), latitude: position.latitude,
            longitude: position.longitude)
        report.speed = metres < route.length ? 20 : 0
        return report
    }
}
