import Foundation
import PortunusCore

/// The lane of an assessed declaration over its life, as a state machine: the assessment
/// gives a lane; an officer may re-route it to another lane with a reason; the last re-route's
/// lane is in force. ``applying(_:)`` is the only way a re-route is made: it returns the new
/// state or throws a typed ``Refusal``, like the domain's other state machines; the store only
/// persists what it returns.
public struct LaneRouting: Sendable, Hashable {
    /// The lane the assessment gave.
    public private(set) var assessed: Lane
    /// Officers' re-routes, oldest first.
    public private(set) var reroutes: [Reroute]

    public init(assessed: Lane, reroutes: [Reroute] = []) {
        self.assessed = assessed
        self.reroutes = reroutes
    }

    /// The lane in force.
    public var inForce: Lane { reroutes.last?.to ?? assessed }

    public struct Reroute: Sendable, Hashable {
        public var at: Date
        /// The key (API key id) of the officer who re-routed.
        public var by: String
        public var from: Lane
        public var to: Lane
        public var reason: String

        public init(at: Date, by: String, from: Lane, to: Lane, reason: String) {
            self.at = at
            self.by = by
            self.from = from
            self.to = to
            self.reason = reason
        }
    }

    public enum Event: Sendable, Hashable {
        /// An officer sends the declaration to `lane`, saying why.
        case reroute(to: Lane, reason: String, by: String, at: Date)
        /// Something that happened to the goods (a tracking alert: a seal opened, a corridor
        /// left) asks for `lane` at least: a re-route only when it is more severe than the lane
        /// in force, otherwise nothing changes (an alert never lowers a lane).
        case raise(to: Lane, reason: String, by: String, at: Date)
    }

    public enum Refusal: StateRefusal {
        /// A re-route needs a reason the next officer can read.
        case missingReason
        /// A reason is a few sentences: at most ``maximumReasonBytes`` bytes of UTF-8.
        case reasonTooLong

        public var error: PortunusError {
            switch self {
            case .missingReason: PortunusError(.missingField, "a re-route needs a reason", field: "/reason")
            case .reasonTooLong: PortunusError(.tooLarge, "a reason is at most 4,000 bytes", field: "/reason")
            }
        }
    }

    /// A reason is a few sentences for the next officer; the bound keeps the store and the
    /// worklists the size their readers expect.
    public static let maximumReasonBytes = 4_000

    /// What refuses the event whatever the state (checked before the state is read).
    public static func check(_ event: Event) -> Refusal? {
        switch event {
        case .reroute(_, let reason, _, _), .raise(_, let reason, _, _):
            if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return .missingReason }
            if reason.utf8.count > maximumReasonBytes { return .reasonTooLong }
            return nil
        }
    }

    /// The state after `event`, or why it is refused.
    public func applying(_ event: Event) throws(Refusal) -> LaneRouting {
        if let refusal = Self.check(event) { throw refusal }
        switch event {
        case .reroute(let lane, let reason, let by, let at):
            var next = self
            next.reroutes.append(Reroute(at: at, by: by, from: inForce, to: lane, reason: reason))
            return next
        case .raise(let lane, let reason, let by, let at):
            guard lane > inForce else { return self }
            var next = self
            next.reroutes.append(Reroute(at: at, by: by, from: inForce, to: lane, reason: reason))
            return next
        }
    }
}
