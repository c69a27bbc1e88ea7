import Crypto
import Dispatch
import Foundation
import PortunusCore
import RiskEngine
import Storage
import Synchronization
import Tracking

/// Cargo tracking: transit movements, the telemetry of their devices (trackers, seals) and
/// of drones, through the alert rules, into the store.
///
/// Every protocol listener and the JSON API hand reports here. The alert engine runs under
/// a lock (it is fast: one zone lookup per fix); what it produced is then written by a
/// group-commit writer, one transaction for every report that arrived meanwhile, and the
/// caller is answered once its reports are durable. So a tracker's acknowledgement means
/// its positions are stored, and throughput grows with load instead of paying one commit
/// per position. Alerts are stored with their ledger entries, the risk raise of the linked
/// declaration and webhook deliveries in the same transaction, then published to the
/// alert stream.
public final class TrackingService: Sendable {
    public let store: PortunusStore
    public let zones: ZoneService
    public let broadcast = AlertBroadcast()
    let writer: TrackingWriter
    let live: Mutex<Live>
    /// Where webhooks may point (checked at registration and again at each delivery).
    public let destinations: DestinationPolicy
    /// How much of what the listeners refuse is kept and logged.
    public let rejects: RejectPolicy
    let rejectWindows = Mutex<[String: RejectWindow]>([:])

    /// The engine and the movements it watches, by device.
    struct Live: Sendable {
        var engine: AlertEngine
        var movements: [String: StoredMovement]
        var zoneGeneration: Int64
        var zonesCheckedAt: Double
        var localZoneChanges: Int
    }

    /// What a submission did: how many reports were stored, which were refused, and the
    /// alerts raised.
    public struct Intake: Sendable, Encodable {
        public var accepted = 0
        public var rejected: [Problem] = []
        public var alerts: [StoredAlert] = []
    }

    public struct Problem: Sendable, Encodable, Hashable {
        public var index: Int
        public var code: String
        public var field: String?
        public var detail: String
    }

    /// A drone's Remote ID fix, with its operator's position when its System message gave one.
    public struct DroneFix: Sendable {
        public var id: String
        public var time: Date
        public var position: Position
        public var altitude: Double?
        public var operatorPosition: Position?

        public init(id: String, time: Date, position: Position, altitude: Double? = nil, operatorPosition: Position? = nil) {
            self.id = id
            self.time = time
            self.position = position
            self.altitude = altitude
            self.operatorPosition = operatorPosition
        }
    }

    /// What a report's time and numbers must satisfy (``InputLimits``): every listener and
    /// the JSON API hand reports here, so this is the one door for telemetry.
    public let limits: InputLimits

    public init(
        store: PortunusStore, zones: ZoneService? = nil, rules: AlertRules = AlertRules(), limits: InputLimits = .standard,
        destinations: DestinationPolicy = DestinationPolicy(), rejects: RejectPolicy = RejectPolicy()
    ) throws(PortunusError) {
        self.store = store
        self.destinations = destinations
        self.rejects = rejects
        self.limits = limits
        let zones = zones ?? ZoneService(store: store)
        self.zones = zones
        var engine = AlertEngine(zones: try zones.zoneSet(), rules: rules)
        var movements: [String: StoredMovement] = [:]
        for movement in try store.tracking.trackedMovements() {
            engine.register(Self.engineMovement(movement))
            movements[movement.device] = movement
        }
        live = Mutex(
            Live(
                engine: engine, movements: movements, zoneGeneration: try store.zones.zoneGeneration(), zonesCheckedAt: Date().timeIntervalSince1970,
                localZoneChanges: zones.changeCount))
        writer = TrackingWriter(store: store)
    }

    /// A stored movement as the alert rules watch it (an unreadable time limit: never late).
    public static func engineMovement(_ movement: StoredMovement) -> TransitMovement {
        TransitMovement(
            reference: movement.reference, device: movement.device, corridor: movement.corridor, departureOffice: movement.departureOffice,
            destinationOffice: movement.destinationOffice, deadline: movement.deadline, seals: movement.seals)
    }

    /// Whether a device is on a movement that is tracked (not discharged): the listeners
    /// refuse the others.
    public func knows(device: String) -> Bool { live.withLock { $0.movements[device] != nil } }

    /// The lane an alert of this kind raises its declaration to, at least: a physical
    /// examination where the goods may have been touched, documents where the trip went wrong.
    public static func raiseLane(_ kind: AlertKind) -> Lane? {
        switch kind {
        case .sealOpened, .sealTampered, .corridorDeviation, .unauthorisedStop, .borderCrossing: .red
        case .lateArrival, .deviceSilent: .yellow
        case .zoneEnter, .zoneExit, .droneBorderCrossing, .droneRestrictedAirspace: nil
        }
    }

    // MARK: Telemetry

    /// The door's refusal of a reported time (``InputLimits/time(_:now:field:)``), if any.
    func timeRefusal(_ time: Date, received: Double, index: Int) -> Problem? {
        do throws(PortunusError) {
            try limits.time(time, now: Date(timeIntervalSince1970: received), field: "time")
            return nil
        } catch {
            return Problem(index: index, code: error.code.rawValue, field: "time", detail: error.reason)
        }
    }

    /// Why a report cannot be taken, if it cannot: a time outside the accepted window or a
    /// number that is not finite or not on the globe. Checked before anything is stored, so
    /// no later read of the track, the drone list or an alert formats such a value.
    func refusal(time: Date, position: (latitude: Double, longitude: Double), numbers: [(String, Double?)], received: Double, index: Int) -> Problem?
    {
        if let problem = timeRefusal(time, received: received, index: index) { return problem }
        guard position.latitude.isFinite, (-90...90).contains(position.latitude), position.longitude.isFinite,
            (-180...180).contains(position.longitude)
        else {
            return Problem(
                index: index, code: PortunusError.Code.invalidNumber.rawValue, field: "position", detail: "latitude or longitude is not on the globe")
        }
        for (name, value) in numbers {
            if let value, !value.isFinite {
                return Problem(index: index, code: PortunusError.Code.invalidNumber.rawValue, field: name, detail: "\(name) is not a finite number")
            }
        }
        return nil
    }

    /// Position reports from a listener or the JSON API (`source`: osmand, teltonika, json).
    /// Reports of unknown devices are refused one by one; a fix the device itself calls
    /// invalid is stored but not judged by the rules.
    public func report(_ reports: [PositionReport], source: String) async throws(PortunusError) -> Intake {
        var intake = Intake()
        let received = Date().timeIntervalSince1970
        let batch: TrackingBatch = live.withLock { live in
            refreshZones(&live, now: received)
            var batch = TrackingBatch()
            for (index, report) in reports.enumerated() {
                if let problem = refusal(
                    time: report.time, position: (report.latitude, report.longitude),
                    numbers: [
                        ("speed", report.speed), ("bearing", report.bearing), ("altitude", report.altitude), ("accuracy", report.accuracy),
                        ("hdop", report.hdop), ("battery", report.battery),
                    ], received: received, index: index)
                {
                    intake.rejected.append(problem)
                    continue
                }
                guard let movement = live.movements[report.device] else {
                    intake.rejected.append(
                        Problem(
                            index: index, code: PortunusError.Code.unknownDevice.rawValue, field: "device",
                            detail: "the device is on no tracked movement"))
                    continue
                }
                batch.positions.append(
                    StoredPosition(
                        device: report.device, at: report.time.timeIntervalSince1970, receivedAt: received, latitude: report.latitude,
                        longitude: report.longitude, speed: report.speed, bearing: report.bearing, altitude: report.altitude,
                        accuracy: report.accuracy, battery: report.battery, source: source))
                intake.accepted += 1
                guard report.valid else { continue }
                let alerts = live.engine.position(report)
                Self.follow(movement, alerts: alerts, moved: true, in: &live, batch: &batch)
            }
            return batch
        }
        intake.alerts = try await commit(batch)
        return intake
    }

    /// Seal reports; a seal on no tracked movement is refused.
    public func seals(_ events: [SealEvent], source: String) async throws(PortunusError) -> Intake {
        var intake = Intake()
        let received = Date().timeIntervalSince1970
        let batch: TrackingBatch = live.withLock { live in
            var batch = TrackingBatch()
            for (index, event) in events.enumerated() {
                if let problem = timeRefusal(event.at, received: received, index: index) {
                    intake.rejected.append(problem)
                    continue
                }
                guard let movement = live.movements.values.first(where: { $0.seals.contains(event.seal) }) else {
                    intake.rejected.append(
                        Problem(
                            index: index, code: PortunusError.Code.unknownDevice.rawValue, field: "seal",
                            detail: "the seal is on no tracked movement"))
                    continue
                }
                batch.seals.append(
                    StoredSealEvent(
                        seal: event.seal, kind: event.kind, at: event.at.timeIntervalSince1970, receivedAt: received, source: source))
                intake.accepted += 1
                Self.follow(movement, alerts: live.engine.seal(event), moved: false, in: &live, batch: &batch)
            }
            return batch
        }
        intake.alerts = try await commit(batch)
        return intake
    }

    /// Drones seen by Remote ID receivers: any drone, registered or not.
    public func drones(_ fixes: [DroneFix]) async throws(PortunusError) -> Intake {
        let received = Date().timeIntervalSince1970
        var intake = Intake()
        let batch: TrackingBatch = live.withLock { live in
            refreshZones(&live, now: received)
            var batch = TrackingBatch()
            for (index, fix) in fixes.enumerated() {
                var numbers: [(String, Double?)] = [("altitude", fix.altitude)]
                if let pilot = fix.operatorPosition {
                    numbers += [("operator.latitude", pilot.latitude), ("operator.longitude", pilot.longitude)]
                }
                if let problem = refusal(
                    time: fix.time, position: (fix.position.latitude, fix.position.longitude), numbers: numbers, received: received, index: index)
                {
                    intake.rejected.append(problem)
                    continue
                }
                intake.accepted += 1
                batch.positions.append(
                    StoredPosition(
                        device: fix.id, at: fix.time.timeIntervalSince1970, receivedAt: received, latitude: fix.position.latitude,
                        longitude: fix.position.longitude, altitude: fix.altitude, source: "remote_id"))
                for alert in live.engine.drone(id: fix.id, at: fix.time, position: fix.position, operator: fix.operatorPosition) {
                    batch.alerts.append((Self.stored(alert, declaration: nil), nil))
                }
            }
            return batch
        }
        intake.alerts = try await commit(batch)
        return intake
    }

    /// The clock: late arrivals and silent devices as of `now`.
    @discardableResult
    public func tick(now: Date = Date()) async throws(PortunusError) -> [StoredAlert] {
        let batch: TrackingBatch = live.withLock { live in
            var batch = TrackingBatch()
            for alert in live.engine.tick(now) {
                guard let device = live.movements[alert.device] else { continue }
                Self.follow(device, alerts: [alert], moved: false, in: &live, batch: &batch)
            }
            return batch
        }
        return try await commit(batch)
    }

    /// Turns the engine's alerts for a movement into stored alerts and moves the movement's
    /// state by the domain's transitions (``TransitMovement/State/applying(_:)``): after a fix
    /// (`moved`), in transit once it is outside its office of departure, arrived once it is
    /// inside its office of destination; alert when an alert that raises a lane names it on the
    /// way. A move its state does not allow is no move: the rules report facts, and a fact
    /// that does not change the state is still an alert.
    static func follow(_ movement: StoredMovement, alerts: [TrackingAlert], moved: Bool, in live: inout Live, batch: inout TrackingBatch) {
        var current = movement
        func move(_ to: TransitMovement.State, _ reason: String) {
            batch.transitions.append(MovementTransition(reference: current.reference, from: current.state, to: to, reason: reason))
            current.state = to
        }
        // The state is checked first: the zone lookups run only for a movement the fix can move.
        if moved, let next = try? current.state.applying(.leftOfficeOfDeparture),
            !live.engine.zones(holding: current.device).contains(current.departureOffice ?? "")
        {
            move(next, "left the office of departure")
        }
        if moved, let next = try? current.state.applying(.arrived), live.engine.hasArrived(current.reference) {
            move(next, "reached the office of destination \(current.destinationOffice ?? "")")
        }
        for alert in alerts {
            batch.alerts.append((stored(alert, declaration: alert.movement == nil ? nil : current.declarationID), raiseLane(alert.kind)))
            if alert.movement != nil, raiseLane(alert.kind) != nil, let next = try? current.state.applying(.alertRaised) {
                move(next, alert.kind.rawValue)
            }
        }
        live.movements[current.device] = current
    }

    static func stored(_ alert: TrackingAlert, declaration: String?) -> StoredAlert {
        StoredAlert(
            kind: alert.kind, at: alert.at, device: alert.device, movement: alert.movement, declarationID: declaration,
            latitude: alert.position?.latitude, longitude: alert.position?.longitude, zone: alert.zone, detail: alert.detail,
            operatorLatitude: alert.operatorPosition?.latitude, operatorLongitude: alert.operatorPosition?.longitude)
    }

    /// Zones edited through this process's zone service reach the engine at once; those
    /// edited by another process (the CLI) within a second.
    func refreshZones(_ live: inout Live, now: Double) {
        let local = zones.changeCount
        guard local != live.localZoneChanges || now - live.zonesCheckedAt >= 1 else { return }
        live.zonesCheckedAt = now
        live.localZoneChanges = local
        guard let generation = try? store.zones.zoneGeneration(), generation != live.zoneGeneration, let zones = try? zones.zoneSet() else { return }
        live.engine.replaceZones(zones)
        live.zoneGeneration = generation
    }

    func commit(_ batch: TrackingBatch) async throws(PortunusError) -> [StoredAlert] {
        guard !batch.isEmpty else { return [] }
        let alerts = try await writer.write(batch)
        if !alerts.isEmpty { broadcast.publish(alerts) }
        return alerts
    }

    // MARK: Movements

    /// Opens a transit movement; its device's reports are accepted from now on.
    public func open(_ movement: StoredMovement, by principal: Principal) throws(PortunusError) -> StoredMovement {
        try AccessPolicy.require(.manageMovements, principal)
        try Self.validate(movement)
        let zoneSet = try zones.zoneSet()
        let known = Set(zoneSet.zones.map(\.id))
        for (field, id) in [
            ("departure_office", movement.departureOffice), ("destination_office", movement.destinationOffice), ("corridor", movement.corridor),
        ] {
            if let id, !known.contains(id) { throw PortunusError(.notFound, "no zone with this id", field: "/" + field) }
        }
        let opened = try store.tracking.openMovement(movement, by: principal.keyID)
        live.withLock { live in
            live.engine.register(Self.engineMovement(opened))
            live.movements[opened.device] = opened
        }
        return opened
    }

    static func validate(_ movement: StoredMovement) throws(PortunusError) {
        func reference(_ value: String, _ field: String) throws(PortunusError) {
            guard (1...64).contains(value.count), value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.:".contains($0)) }) else {
                throw PortunusError(.invalidArgument, "1 to 64 letters, digits and - _ . :", field: field)
            }
        }
        try reference(movement.reference, "/reference")
        try reference(movement.device, "/device")
        for (index, seal) in movement.seals.enumerated() { try reference(seal, "/seals/\(index)") }
    }

    /// An officer's move of a movement to `state` (arrival recorded by hand, discharge at
    /// destination, diversion to another office, back in transit once an alert is dealt with):
    /// the movement's own transition decides, in the store's transaction.
    public func transition(_ reference: String, to state: String, destinationOffice: String?, reason: String?, by principal: Principal)
        throws(PortunusError) -> StoredMovement
    {
        try AccessPolicy.require(.manageMovements, principal)
        guard let event = TransitMovement.State(rawValue: state).flatMap(TransitMovement.Event.init(officerMoveTo:)) else {
            throw PortunusError(
                .invalidArgument, "the state is one of \(TransitMovement.Event.officerTargets.map(\.rawValue).joined(separator: ", "))",
                field: "/state")
        }
        if event == .diverted {
            guard let office = destinationOffice else {
                throw PortunusError(.missingField, "a diversion names the new office of destination", field: "/destination_office")
            }
            guard try store.zones.zone(id: office) != nil else {
                throw PortunusError(.notFound, "no zone with this id", field: "/destination_office")
            }
        }
        let moved = try store.tracking.updateMovement(
            reference, destinationOffice: event == .diverted ? destinationOffice : nil, reason: reason, by: principal.keyID
        ) { state throws(TransitMovement.Refusal) in try state.applying(event) }
        live.withLock { live in
            if !moved.state.isTracked {
                live.engine.unregister(device: moved.device)
                live.movements[moved.device] = nil
            } else {
                live.engine.register(Self.engineMovement(moved))
                live.movements[moved.device] = moved
            }
        }
        return moved
    }

    public func movement(_ reference: String, by principal: Principal) throws(PortunusError) -> StoredMovement {
        try AccessPolicy.require(.readTracking, principal)
        guard let movement = try store.tracking.movement(reference: reference) else {
            throw PortunusError(.notFound, "no movement with this reference", field: "reference")
        }
        return movement
    }

    /// Movements (in one state), by reference, from `after`; a state no movement can be in
    /// lists none.
    public func movements(state: String?, after: String?, limit: Int, by principal: Principal) throws(PortunusError) -> [StoredMovement] {
        try AccessPolicy.require(.readTracking, principal)
        guard let state else { return try store.tracking.movements(state: nil, after: after, limit: limit) }
        guard let known = TransitMovement.State(rawValue: state) else { return [] }
        return try store.tracking.movements(state: known, after: after, limit: limit)
    }

    /// The track of a movement: its device's positions received since it was opened (a
    /// device serves many movements), taken at or after `since`.
    public func track(_ reference: String, since: Double?, limit: Int, by principal: Principal) throws(PortunusError) -> [StoredPosition] {
        let movement = try movement(reference, by: principal)
        return try store.tracking.positions(
            device: movement.device, since: since, receivedSince: movement.openedAt.timeIntervalSince1970, limit: limit)
    }

    public func alerts(movement: String?, kind: String?, before: Int64?, limit: Int, by principal: Principal) throws(PortunusError) -> [StoredAlert] {
        try AccessPolicy.require(.readTracking, principal)
        if let kind, AlertKind(rawValue: kind) == nil {
            throw PortunusError(.invalidArgument, "kind is one of \(AlertKind.allCases.map(\.rawValue).joined(separator: ", "))", field: "kind")
        }
        return try store.tracking.alerts(movement: movement, kind: kind, before: before, limit: limit)
    }

    /// Drones seen in the last `hours`, each at its last fix.
    public func dronesSeen(hours: Double, by principal: Principal) throws(PortunusError) -> [StoredPosition] {
        try AccessPolicy.require(.readTracking, principal)
        return try store.tracking.lastPositions(source: "remote_id", since: Date().timeIntervalSince1970 - hours * 3600)
    }
}

/// One transaction for every batch submitted while the previous one was being written
/// (group commit): callers wait for the commit that holds their batch.
final class TrackingWriter: Sendable {
    let store: PortunusStore
    let queue = DispatchQueue(label: "portunus.tracking.writer")
    let pending = Mutex<Pending>(Pending())

    struct Pending: Sendable {
        var batch = TrackingBatch()
        var waiters: [(alerts: Range<Int>, continuation: CheckedContinuation<[StoredAlert], any Error>)] = []
        var writing = false
    }

    init(store: PortunusStore) { self.store = store }

    func write(_ batch: TrackingBatch) async throws(PortunusError) -> [StoredAlert] {
        do {
            return try await withCheckedThrowingContinuation { continuation in
                // The first batch into an idle writer starts a drain; the others join it.
                let idle = pending.withLock { pending in
                    let start = pending.batch.alerts.count
                    pending.batch.positions += batch.positions
                    pending.batch.seals += batch.seals
                    pending.batch.alerts += batch.alerts
                    pending.batch.transitions += batch.transitions
                    pending.waiters.append((start..<(start + batch.alerts.count), continuation))
                    let idle = !pending.writing
                    pending.writing = true
                    return idle
                }
                if idle { queue.async { self.drain() } }
            }
        } catch let error as PortunusError {
            throw error
        } catch {
            throw PortunusError(.storage, "tracking write failed")
        }
    }

    /// Writes what is pending until nothing is.
    func drain() {
        while true {
            let (batch, waiters) = pending.withLock {
                pending -> (TrackingBatch, [(alerts: Range<Int>, continuation: CheckedContinuation<[StoredAlert], any Error>)]) in
                let taken = (pending.batch, pending.waiters)
                pending.batch = TrackingBatch()
                pending.waiters = []
                if taken.1.isEmpty { pending.writing = false }
                return taken
            }
            guard !waiters.isEmpty else { return }
            do {
                let alerts = try store.tracking.record(batch) { alert, raisedFrom in
                    var entries = [AccountableEntry.trackingAlert(alert)]
                    if let from = raisedFrom, let declaration = alert.declarationID, let lane = alert.raisedLane {
                        entries.append(
                            AccountableEntry.reroute(
                                declarationID: declaration, to: lane.rawValue, reason: "tracking alert \(alert.kind.rawValue) from \(from.rawValue)",
                                by: "tracking"))
                    }
                    return entries
                }
                for waiter in waiters { waiter.continuation.resume(returning: Array(alerts[waiter.alerts])) }
            } catch {
                for waiter in waiters { waiter.continuation.resume(throwing: error) }
            }
        }
    }
}

/// Alerts as they are stored, to every open alert stream; a stream that falls 1,000 alerts
/// behind loses the oldest (it can catch up from the store by id).
public final class AlertBroadcast: Sendable {
    let subscribers = Mutex<[UInt64: AsyncStream<StoredAlert?>.Continuation]>([:])
    let counter = Atomic<UInt64>(0)

    public init() {}

    /// A stream of alerts; `nil` is a heartbeat (the clock's tick).
    public func subscribe() -> (id: UInt64, stream: AsyncStream<StoredAlert?>) {
        let id = counter.add(1, ordering: .relaxed).newValue
        let (stream, continuation) = AsyncStream<StoredAlert?>.makeStream(bufferingPolicy: .bufferingNewest(1_000))
        subscribers.withLock { $0[id] = continuation }
        continuation.onTermination = { [weak self] _ in self?.unsubscribe(id) }
        return (id, stream)
    }

    public func unsubscribe(_ id: UInt64) {
        subscribers.withLock { $0.removeValue(forKey: id) }?.finish()
    }

    public var subscriberCount: Int { subscribers.withLock { $0.count } }

    func publish(_ alerts: [StoredAlert]) {
        let all = subscribers.withLock { Array($0.values) }
        for continuation in all { for alert in alerts { continuation.yield(alert) } }
    }

    public func heartbeat() {
        for continuation in subscribers.withLock({ Array($0.values) }) { continuation.yield(nil) }
    }
}

extension TrackingService {
    /// Registers a webhook for alerts (of some kinds); the secret signs each delivery.
    public func addWebhook(url: String, secret: String, kinds: [String]?, by principal: Principal) throws(PortunusError) -> StoredWebhook {
        try AccessPolicy.require(.manageWebhooks, principal)
        try destinations.check(url: url, field: "/url")
        guard secret.utf8.count >= 16 else { throw PortunusError(.invalidArgument, "the secret is at least 16 bytes", field: "/secret") }
        for (index, kind) in (kinds ?? []).enumerated() where AlertKind(rawValue: kind) == nil {
            throw PortunusError(
                .invalidArgument, "kind is one of \(AlertKind.allCases.map(\.rawValue).joined(separator: ", "))", field: "/kinds/\(index)")
        }
        return try store.tracking.addWebhook(url: url, secret: secret, kinds: kinds, by: principal.keyID)
    }

    public func webhooks(by principal: Principal) throws(PortunusError) -> [StoredWebhook] {
        try AccessPolicy.require(.manageWebhooks, principal)
        return try store.tracking.webhooks()
    }

    public func removeWebhook(_ id: Int64, by principal: Principal) throws(PortunusError) -> Bool {
        try AccessPolicy.require(.manageWebhooks, principal)
        return try store.tracking.removeWebhook(id: id, by: principal.keyID)
    }
}

extension TrackingService {
    /// A webhook delivery's body: the alert as the API returns it.
    public static func webhookBody(_ alert: StoredAlert) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .portunus
        // A webhook's receiver is outside: no operator's position.
        return (try? encoder.encode(alert.withoutPersonalPositions)) ?? Data()
    }

    /// The `Portunus-Signature` header, `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`:
    /// the receiver recomputes it with the webhook's secret, and refuses old timestamps to
    /// stop replays.
    public static func webhookSignature(_ body: Data, secret: String, timestamp: Int) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(timestamp).".utf8) + body, using: SymmetricKey(data: Data(secret.utf8)))
        return "t=\(timestamp),v1=\(Hex.encode(mac))"
    }
}
