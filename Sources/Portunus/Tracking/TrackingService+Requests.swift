import Foundation
import PortunusCore
import Storage
import Tracking

extension TrackingService {
    /// A movement with the states it went through.
    public struct MovementRecord: Sendable, Encodable {
        public var movement: StoredMovement
        var history: [Step]

        struct Step: Sendable, Encodable {
            var transition: MovementTransition
            enum CodingKeys: String, CodingKey { case from, to, reason }
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encodeIfPresent(transition.from, forKey: .from)
                try container.encode(transition.to, forKey: .to)
                try container.encodeIfPresent(transition.reason, forKey: .reason)
            }
        }
    }

    /// A movement and its history, oldest step first.
    public func record(_ reference: String, by principal: Principal) throws(PortunusError) -> MovementRecord {
        let movement = try movement(reference, by: principal)
        return MovementRecord(
            movement: movement, history: try store.tracking.movementEvents(reference: movement.reference).map { MovementRecord.Step(transition: $0) })
    }

    /// The alerts stored after `id` (of one kind, or all), oldest first: what a stream that
    /// resumes from `Last-Event-ID` missed.
    public func alerts(after id: Int64, kind: String?, by principal: Principal) throws(PortunusError) -> [StoredAlert] {
        try AccessPolicy.require(.readTracking, principal)
        return try store.tracking.alerts(kind: kind, after: id, limit: 1_000).reversed()
    }

    /// An alert as a server-sent event: `id:` its id, `event: alert`, `data:` its JSON (as a
    /// webhook receives it).
    public static func serverSentEvent(_ alert: StoredAlert) -> String {
        "id: \(alert.id)\nevent: alert\ndata: \(String(decoding: webhookBody(alert), as: UTF8.self))\n\n"
    }
}

extension TrackingService {
    /// Position reports an integrator sends through the JSON API (`tracking.report`); devices
    /// on the listeners are known by their movement instead.
    public func report(_ reports: [PositionReport], source: String, by principal: Principal) async throws(PortunusError) -> Intake {
        try AccessPolicy.require(.reportTracking, principal)
        return try await report(reports, source: source)
    }

    /// Seal events an integrator sends through the JSON API.
    public func seals(_ events: [SealEvent], source: String, by principal: Principal) async throws(PortunusError) -> Intake {
        try AccessPolicy.require(.reportTracking, principal)
        return try await seals(events, source: source)
    }

    /// Drone fixes an integrator sends through the JSON API.
    public func drones(_ fixes: [DroneFix], by principal: Principal) async throws(PortunusError) -> Intake {
        try AccessPolicy.require(.reportTracking, principal)
        return try await drones(fixes)
    }
}
