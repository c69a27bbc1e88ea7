import Foundation

/// The alert rules over positions, seal events and the clock, for movements and drones.
/// Deterministic and single-threaded: the caller feeds it in time order per device (a
/// service serialises it). Each condition alerts once per episode: a deviation once until
/// the truck is back in its corridor, a stop once until it moves, silence once until the
/// device reports again.
public struct AlertEngine: Sendable {
    public let zones: ZoneSet
    public var rules: AlertRules
    var movements: [String: TransitMovement] = [:]  // by device
    var state: [String: DeviceState] = [:]
    var movementState: [String: MovementState] = [:]  // by reference
    let zoneIndex: [String: Int]

    struct DeviceState: Sendable {
        var last: Position
        var lastTime: Date
        var outsideSince: Date?
        var deviationAlerted = false
        var stopAnchor: Position?
        var stopSince: Date?
        var stopAlerted = false
        var silentAlerted = false
        var country: String?
        /// The zones holding the last fix (kept, not recomputed, for the next one).
        var inside: Set<String> = []
    }

    struct MovementState: Sendable {
        var arrived = false
        var lateAlerted = false
    }

    public init(zones: ZoneSet, rules: AlertRules = AlertRules()) {
        self.zones = zones
        self.rules = rules
        zoneIndex = Dictionary(zones.zones.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public mutating func register(_ movement: TransitMovement) {
        movements[movement.device] = movement
        movementState[movement.reference] = movementState[movement.reference] ?? MovementState()
    }

    /// Stops watching a movement (discharged): its device's positions raise nothing for it.
    public mutating func unregister(device: String) {
        guard let movement = movements.removeValue(forKey: device) else { return }
        movementState[movement.reference] = nil
    }

    /// Replaces the zones (edited while running), keeping what each device and movement has
    /// done so far: an episode in progress is not reported again.
    public mutating func replaceZones(_ zones: ZoneSet) {
        self = AlertEngine(zones: zones, rules: rules, keeping: self)
    }

    init(zones: ZoneSet, rules: AlertRules, keeping other: AlertEngine) {
        self.init(zones: zones, rules: rules)
        movements = other.movements
        state = other.state
        movementState = other.movementState
    }

    /// Whether a movement's device has reached its office of destination.
    public func hasArrived(_ reference: String) -> Bool { movementState[reference]?.arrived ?? false }

    /// The zones holding a device's last fix.
    public func zones(holding device: String) -> Set<String> { state[device]?.inside ?? [] }

    func zone(_ id: String?) -> Zone? { id.flatMap { zoneIndex[$0] }.map { zones.zones[$0] } }

    /// The country (a `national_border` zone) holding a position.
    func country(_ position: Position) -> String? {
        zones.containing(position.longitude, position.latitude).lazy.map { self.zones.zones[$0] }.first { $0.kind == .nationalBorder }?.id
    }

    /// Whether a move passes through a designated border crossing point.
    func designatedCrossing(from a: Position, to b: Position) -> Bool {
        zones.zones.contains { $0.kind == .borderCrossing && $0.intersects(from: a, to: b) }
    }

    /// A position of a tracked device.
    public mutating func position(_ report: PositionReport) -> [TrackingAlert] {
        let here = Position(report.longitude, report.latitude)
        let movement = movements[report.device]
        var alerts: [TrackingAlert] = []
        func alert(_ kind: AlertKind, zone: String? = nil, _ detail: String) {
            alerts.append(
                TrackingAlert(
                    kind: kind, at: report.time, device: report.device, movement: movement?.reference, position: here, zone: zone, detail: detail))
        }
        let previous = state[report.device]
        var current = previous ?? DeviceState(last: here, lastTime: report.time)
        // One lookup per fix: the zones holding it, and among them its country.
        let holding = zones.containing(here.longitude, here.latitude).map { zones.zones[$0] }
        let inside = Set(holding.map(\.id))

        // Zones watched for entry and exit: those holding the previous fix or this one.
        let before = previous?.inside ?? inside
        for id in inside.union(before).sorted() {
            guard let zone = zone(id), rules.watchedKinds.contains(zone.kind), inside.contains(id) != before.contains(id) else { continue }
            if inside.contains(id) {
                alert(.zoneEnter, zone: id, "entered \(zone.kind.rawValue) \(id)")
            } else {
                alert(.zoneExit, zone: id, "left \(zone.kind.rawValue) \(id)")
            }
        }

        // A national border crossed away from a designated crossing point.
        let country = holding.first { $0.kind == .nationalBorder }?.id
        if let previous, let before = previous.country, let now = country, before != now, !designatedCrossing(from: previous.last, to: here) {
            alert(.borderCrossing, zone: now, "crossed from \(before) to \(now) away from a designated border crossing point")
        }
        current.country = country ?? current.country

        if let movement, var progress = movementState[movement.reference], !progress.arrived {
            if let destination = movement.destinationOffice, inside.contains(destination) {
                progress.arrived = true
            } else {
                // The corridor: outside its buffer for longer than the rule allows.
                if let corridor = zone(movement.corridor) {
                    if inside.contains(corridor.id) || inside.contains(movement.departureOffice ?? "") {
                        current.outsideSince = nil
                        current.deviationAlerted = false
                    } else {
                        let since = current.outsideSince ?? report.time
                        current.outsideSince = since
                        if !current.deviationAlerted, report.time.timeIntervalSince(since) >= rules.deviationSeconds {
                            current.deviationAlerted = true
                            alert(
                                .corridorDeviation, zone: corridor.id,
                                "outside corridor \(corridor.id) for \(Int(saturating: report.time.timeIntervalSince(since))) s")
                        }
                    }
                }
                // A stop: slow and within the radius of where it stopped, outside allowed zones.
                let allowed = inside.contains { id in
                    guard let zone = zone(id) else { return false }
                    return [.customsOffice, .borderCrossing, .specialCustomsZone, .freeZone].contains(zone.kind)
                }
                let slow = (report.speed ?? movedSpeed(previous, here, report.time)) <= rules.stopSpeed
                if slow, !allowed, let anchor = current.stopAnchor, Geodesy.distance(anchor, here) <= rules.stopRadius, let since = current.stopSince
                {
                    if !current.stopAlerted, report.time.timeIntervalSince(since) >= rules.stopSeconds {
                        current.stopAlerted = true
                        alert(
                            .unauthorisedStop,
                            "stationary for \(Int(saturating: report.time.timeIntervalSince(since) / 60)) min outside any customs office or allowed zone"
                        )
                    }
                } else if slow && !allowed {
                    current.stopAnchor = here
                    current.stopSince = report.time
                    current.stopAlerted = false
                } else {
                    current.stopAnchor = nil
                    current.stopSince = nil
                    current.stopAlerted = false
                }
            }
            movementState[movement.reference] = progress
        }
        current.last = here
        current.lastTime = report.time
        current.silentAlerted = false
        current.inside = inside
        state[report.device] = current
        return alerts
    }

    /// Speed from the previous fix when the report carries none.
    func movedSpeed(_ previous: DeviceState?, _ here: Position, _ time: Date) -> Double {
        guard let previous, time > previous.lastTime else { return 0 }
        return Geodesy.distance(previous.last, here) / time.timeIntervalSince(previous.lastTime)
    }

    /// A seal's report: opened outside a customs office, or tampered with anywhere.
    public mutating func seal(_ event: SealEvent) -> [TrackingAlert] {
        guard let movement = movements.values.first(where: { $0.seals.contains(event.seal) }) else { return [] }
        let last = state[movement.device]?.last
        switch event.kind {
        case .tampered:
            return [
                TrackingAlert(
                    kind: .sealTampered, at: event.at, device: movement.device, movement: movement.reference, position: last,
                    detail: "seal \(event.seal) reports tampering")
            ]
        case .opened:
            let atOffice =
                last.map { position in
                    zones.containing(position.longitude, position.latitude).contains { zones.zones[$0].kind == .customsOffice }
                } ?? false
            guard !atOffice else { return [] }
            return [
                TrackingAlert(
                    kind: .sealOpened, at: event.at, device: movement.device, movement: movement.reference, position: last,
                    detail: "seal \(event.seal) opened outside a customs office")
            ]
        case .sealed, .batteryLow:
            return []
        }
    }

    /// The clock: movements past their time limit, devices silent too long.
    public mutating func tick(_ now: Date) -> [TrackingAlert] {
        var alerts: [TrackingAlert] = []
        for movement in movements.values.sorted(by: { $0.reference < $1.reference }) {
            guard var progress = movementState[movement.reference], !progress.arrived else { continue }
            if now > movement.deadline, !progress.lateAlerted {
                progress.lateAlerted = true
                alerts.append(
                    TrackingAlert(
                        kind: .lateArrival, at: now, device: movement.device, movement: movement.reference,
                        position: state[movement.device]?.last,
                        detail: "not arrived at \(movement.destinationOffice ?? "its destination") by its time limit"))
            }
            movementState[movement.reference] = progress
            if var device = state[movement.device], !device.silentAlerted, now.timeIntervalSince(device.lastTime) > rules.silentSeconds {
                device.silentAlerted = true
                state[movement.device] = device
                alerts.append(
                    TrackingAlert(
                        kind: .deviceSilent, at: now, device: movement.device, movement: movement.reference, position: device.last,
                        detail: "no report for \(Int(saturating: now.timeIntervalSince(device.lastTime) / 60)) min"))
            }
        }
        return alerts
    }

    /// A drone's Remote ID fix (with its operator's position from the System message, when
    /// sent): crossing a national border, or entering restricted airspace.
    public mutating func drone(id: String, at time: Date, position here: Position, operator pilot: Position?) -> [TrackingAlert] {
        var alerts: [TrackingAlert] = []
        let previous = state[id]
        let country = country(here)
        if let before = previous?.country, let now = country, before != now {
            alerts.append(
                TrackingAlert(
                    kind: .droneBorderCrossing, at: time, device: id, position: here, zone: now, detail: "drone crossed from \(before) to \(now)",
                    operatorPosition: pilot))
        }
        for zone in zones.zones where zone.kind == .restrictedAirspace {
            if FenceDetect.detect(zone: zone, previous: previous?.last, current: here).contains(where: {
                $0 == .enter || ($0 == .inside && previous == nil)
            }) {
                alerts.append(
                    TrackingAlert(
                        kind: .droneRestrictedAirspace, at: time, device: id, position: here, zone: zone.id,
                        detail: "drone in restricted airspace \(zone.id)", operatorPosition: pilot))
            }
        }
        var current = previous ?? DeviceState(last: here, lastTime: time)
        current.last = here
        current.lastTime = time
        current.country = country ?? current.country
        state[id] = current
        return alerts
    }
}
