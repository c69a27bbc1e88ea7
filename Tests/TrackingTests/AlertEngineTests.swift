import Foundation
import Testing

@testable import PortunusCore
@testable import Tracking

@Suite("Transit alerts")
struct AlertEngineTests {
    static func box(_ id: String, _ kind: ZoneKind, _ west: Double, _ south: Double, _ east: Double, _ north: Double) throws -> Zone {
        let ring = [Position(west, south), Position(east, south), Position(east, north), Position(west, north), Position(west, south)]
        return try Zone(feature: Feature(id: id, properties: ["kind": .string(kind.rawValue)], geometry: .polygon(Polygon(rings: [ring]))), id: id)
    }

    /// Two countries with a designated crossing on their border, two offices joined by a
    /// corridor, a free zone, restricted airspace.
    static func zones() throws -> ZoneSet {
        ZoneSet([
            try box("AA", .nationalBorder, 0, 0, 10, 10), try box("BB", .nationalBorder, 10, 0, 20, 10),
            try box("BCP-1", .borderCrossing, 9.9, 4.9, 10.1, 5.1),
            try box("OFFICE-DEP", .customsOffice, 0.9, 4.9, 1.1, 5.1), try box("OFFICE-DST", .customsOffice, 18.9, 4.9, 19.1, 5.1),
            // The road along the parallel, a vertex every degree (a single great circle from
            // 1° to 19° would bow 7 km north of it).
            try Zone(
                feature: Feature(
                    id: "CORRIDOR", properties: ["kind": .string("transit_corridor"), "buffer_m": .number("2000")],
                    geometry: .lineString((1...19).map { Position(Double($0), 5) })), id: "CORRIDOR"),
            try box("FZ-1", .freeZone, 5, 7, 6, 8), try box("NO-FLY", .restrictedAirspace, 14, 1, 15, 2),
        ])
    }

    static let start = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z

    static func movement(deadlineHours: Double = 24) -> TransitMovement {
        TransitMovement(
            reference: "26KE0001T", device: "TRUCK-1", corridor: "CORRIDOR", departureOffice: "OFFICE-DEP", destinationOffice: "OFFICE-DST",
            deadline: start.addingTimeInterval(deadlineHours * 3600), seals: ["SEAL-7"])
    }

    /// Fixes every 5 minutes from (1, 5) east along the corridor at 0.1° per fix; `change`
    /// alters the fix at a step.
    static func track(steps: Int = 181, change: (Int, inout PositionReport) -> Void = { _, _ in }) -> [PositionReport] {
        (0..<steps).map { step in
            var report = PositionReport(
                device: "TRUCK-1", time: start.addingTimeInterval(Double(step) * 300), latitude: 5, longitude: min(19, 1 + Double(step) * 0.1))
            report.speed = 30
            change(step, &report)
            return report
        }
    }

    static func run(_ reports: [PositionReport], engine: inout AlertEngine) -> [TrackingAlert] {
        reports.flatMap { engine.position($0) }
    }

    @Test("a compliant track raises nothing: along the corridor, over the border at its crossing point, arriving in time")
    func compliant() throws {
        var engine = AlertEngine(zones: try Self.zones())
        engine.register(Self.movement())
        #expect(Self.run(Self.track(), engine: &engine).isEmpty)
        #expect(engine.tick(Self.start.addingTimeInterval(30 * 3600)).isEmpty, "arrived: never late, and a parked device is not watched")
    }

    @Test("corridor deviation: once per excursion, after the allowed time; a short one raises nothing")
    func deviation() throws {
        var engine = AlertEngine(zones: try Self.zones())
        engine.register(Self.movement())
        let alerts = Self.run(
            Self.track { step, report in
                if (50...55).contains(step) { report.latitude = 5.2 }  // 22 km off for 30 minutes
                if step == 100 { report.latitude = 5.2 }  // one fix off: under 300 s
            }, engine: &engine)
        #expect(alerts.map(\.kind) == [.corridorDeviation] && alerts[0].movement == "26KE0001T" && alerts[0].zone == "CORRIDOR")
        #expect(alerts[0].at == Self.start.addingTimeInterval(51 * 300))
    }

    @Test("unauthorised stop: stationary 40 minutes outside any office; a stop inside an office raises nothing")
    func stop() throws {
        var engine = AlertEngine(zones: try Self.zones())
        engine.register(Self.movement())
        let alerts = Self.run(
            Self.track { step, report in
                if (40...48).contains(step) {
                    report.longitude = 1 + 40 * 0.1
                    report.speed = 0
                } else if step > 48 {
                    report.longitude = min(19, 1 + Double(step - 8) * 0.1)
                }
                if step < 8 {  // waiting at the office of departure first
                    report.longitude = 1
                    report.speed = 0
                }
            }, engine: &engine)
        #expect(alerts.map(\.kind) == [.unauthorisedStop], "\(alerts)")
        #expect(alerts.first?.at == Self.start.addingTimeInterval(46 * 300), "30 minutes after it stopped at step 40")
    }

    @Test("seals: opened on the road alerts, opened at the office of destination does not; tampering always alerts; unknown seals ignored")
    func seals() throws {
        var engine = AlertEngine(zones: try Self.zones())
        engine.register(Self.movement())
        let reports = Self.track()
        _ = Self.run(Array(reports.prefix(60)), engine: &engine)
        #expect(engine.seal(SealEvent(seal: "SEAL-7", kind: .opened, at: reports[59].time)).map(\.kind) == [.sealOpened])
        #expect(engine.seal(SealEvent(seal: "SEAL-7", kind: .tampered, at: reports[59].time)).map(\.kind) == [.sealTampered])
        #expect(engine.seal(SealEvent(seal: "OTHER", kind: .opened, at: reports[59].time)).isEmpty)
        _ = Self.run(Array(reports.dropFirst(60)), engine: &engine)
        #expect(engine.seal(SealEvent(seal: "SEAL-7", kind: .opened, at: reports.last!.time)).isEmpty)
    }

    @Test("late arrival and a silent device, each once")
    func clock() throws {
        var engine = AlertEngine(zones: try Self.zones())
        engine.register(Self.movement(deadlineHours: 4.5))
        let reports = Self.track(steps: 50)
        _ = Self.run(reports, engine: &engine)
        let last = reports.last!.time
        #expect(engine.tick(last.addingTimeInterval(60)).isEmpty)
        #expect(engine.tick(last.addingTimeInterval(31 * 60)).map(\.kind) == [.lateArrival, .deviceSilent])
        #expect(engine.tick(last.addingTimeInterval(60 * 60)).isEmpty)
        _ = engine.position(PositionReport(device: "TRUCK-1", time: last.addingTimeInterval(61 * 60), latitude: 5, longitude: 6))
        #expect(engine.tick(last.addingTimeInterval(100 * 60)).map(\.kind) == [.deviceSilent], "silent again after a report")
    }

    @Test("a border crossed away from a crossing point; watched zones entered and left")
    func crossing() throws {
        var engine = AlertEngine(zones: try Self.zones())
        let path = [(9.0, 8.0), (9.8, 8.0), (10.3, 8.0), (10.5, 5.0), (9.95, 5.0), (5.5, 6.5), (5.5, 7.5), (5.5, 8.5)]
        let alerts = path.enumerated().flatMap { index, point in
            engine.position(
                PositionReport(device: "VAN-9", time: Self.start.addingTimeInterval(Double(index) * 600), latitude: point.1, longitude: point.0))
        }
        #expect(alerts.map(\.kind) == [.borderCrossing, .zoneEnter, .zoneExit], "\(alerts.map(\.kind))")
        #expect(alerts[0].zone == "BB" && alerts[0].detail.contains("from AA to BB"))
        #expect(alerts[1].zone == "FZ-1" && alerts[2].zone == "FZ-1")
    }

    @Test("drones: crossing the border and entering restricted airspace, with the operator's position")
    func drones() throws {
        var engine = AlertEngine(zones: try Self.zones())
        let pilot = Position(9.5, 5.5)
        #expect(engine.drone(id: "UAS-1", at: Self.start, position: Position(9.8, 5.5), operator: pilot).isEmpty)
        let crossed = engine.drone(id: "UAS-1", at: Self.start.addingTimeInterval(10), position: Position(10.2, 5.5), operator: pilot)
        #expect(crossed.map(\.kind) == [.droneBorderCrossing] && crossed[0].operatorPosition == pilot)
        #expect(!crossed[0].detail.contains("9.5") && !crossed[0].detail.contains("5.5"), "a person's position stays out of the words")
        #expect(engine.drone(id: "UAS-2", at: Self.start, position: Position(13.9, 1.5), operator: nil).isEmpty)
        #expect(
            engine.drone(id: "UAS-2", at: Self.start.addingTimeInterval(10), position: Position(14.1, 1.5), operator: nil).map(\.kind) == [
                .droneRestrictedAirspace
            ])
        #expect(
            engine.drone(id: "UAS-2", at: Self.start.addingTimeInterval(20), position: Position(14.2, 1.5), operator: nil).isEmpty, "once, on entry")
    }
}
