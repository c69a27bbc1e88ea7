import PortunusCore

extension TransitMovement {
    /// Where a transit movement stands. The raw values are what the store keeps and the API
    /// sends.
    ///
    /// - opened → in_transit: a fix outside the office of departure;
    /// - opened, in_transit, diverted → alert: an alert that raises the declaration's lane;
    /// - opened, in_transit, alert → diverted: an officer names another office of destination;
    /// - alert → in_transit: an officer has dealt with the alert;
    /// - opened, in_transit, alert, diverted → arrived: a fix inside the office of destination,
    ///   or an arrival an officer records;
    /// - arrived → discharged: an officer discharges the movement, which is no longer tracked.
    ///
    /// The tracking rules make the automatic moves (left, arrived, alert); an officer makes
    /// the others (arrival recorded by hand, diversion, back in transit, discharge).
    public enum State: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
        case opened
        case inTransit = "in_transit"
        case alert
        case diverted
        case arrived
        case discharged

        public var description: String { rawValue }

        /// Whether the movement's device is still followed: every state but discharged.
        public var isTracked: Bool { self != .discharged }

        /// The state after `event`, or the refusal when this state does not allow it.
        public func applying(_ event: Event) throws(Refusal) -> State {
            let allowed: Bool
            switch (event, self) {
            case (.leftOfficeOfDeparture, .opened): allowed = true
            case (.arrived, .opened), (.arrived, .inTransit), (.arrived, .alert), (.arrived, .diverted): allowed = true
            case (.alertRaised, .opened), (.alertRaised, .inTransit), (.alertRaised, .diverted): allowed = true
            case (.diverted, .opened), (.diverted, .inTransit), (.diverted, .alert): allowed = true
            case (.resumedTransit, .alert): allowed = true
            case (.discharged, .arrived): allowed = true
            default: allowed = false
            }
            guard allowed else { throw .notAllowed(from: self, to: event.target) }
            return event.target
        }
    }

    /// What happens to a movement.
    public enum Event: Sendable, Hashable, CaseIterable {
        /// A fix outside the office of departure (automatic).
        case leftOfficeOfDeparture
        /// A fix inside the office of destination (automatic), or an arrival recorded by an officer.
        case arrived
        /// An alert that raises the linked declaration's lane (automatic).
        case alertRaised
        /// An officer sends the movement to another office of destination.
        case diverted
        /// An officer puts a movement back in transit once its alert is dealt with.
        case resumedTransit
        /// An officer discharges the movement at its destination: it is no longer tracked.
        case discharged

        /// The state the event leads to.
        public var target: State {
            switch self {
            case .leftOfficeOfDeparture, .resumedTransit: .inTransit
            case .arrived: .arrived
            case .alertRaised: .alert
            case .diverted: .diverted
            case .discharged: .discharged
            }
        }

        /// The states an officer may ask for, in the order the API names them.
        public static let officerTargets: [State] = [.arrived, .discharged, .diverted, .inTransit]

        /// The officer's move to `state` (`POST /tracking/movements/{reference}/transition`), or
        /// nil when an officer cannot ask for that state.
        public init?(officerMoveTo state: State) {
            switch state {
            case .arrived: self = .arrived
            case .discharged: self = .discharged
            case .diverted: self = .diverted
            case .inTransit: self = .resumedTransit
            case .opened, .alert: return nil
            }
        }
    }

    /// Why a movement cannot take an event.
    public enum Refusal: StateRefusal {
        /// The movement's state does not lead to the event's.
        case notAllowed(from: State, to: State)

        public var error: PortunusError {
            switch self {
            case .notAllowed(let from, let to): PortunusError(.conflict, "a movement cannot go from \(from) to \(to)", field: "/state")
            }
        }
    }
}
