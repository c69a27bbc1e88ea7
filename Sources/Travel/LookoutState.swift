import PortunusCore

/// Where a port-of-entry lookout stands: its status and, once an encounter closed it, the
/// outcome. The raw values of both are what the store keeps and the API sends.
///
/// An officer promotes a vetting item to a lookout (`active`). At the port the lookout is
/// closed with the outcome of the encounter (`closed`), or an officer takes the traveller off
/// the list without one (`demoted`). A demoted lookout can be promoted again; an active or
/// closed one cannot.
public struct LookoutState: Sendable, Hashable {
    public var status: Status
    /// The encounter's outcome: set when, and only when, the lookout is closed.
    public var outcome: Outcome?

    public init(status: Status, outcome: Outcome? = nil) {
        self.status = status
        self.outcome = outcome
    }

    /// A lookout as promotion creates it.
    public static let active = LookoutState(status: .active)

    public enum Status: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
        case active
        case demoted
        case closed

        public var description: String { rawValue }
    }

    /// What happened when the traveller arrived at the port.
    public enum Outcome: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
        case notEncountered = "not_encountered"
        case refusedEntry = "refused_entry"
        case secondaryPositive = "secondary_positive"
        case secondaryNegative = "secondary_negative"
        case missed

        public var description: String { rawValue }
    }

    /// What happens to a lookout.
    public enum Event: Sendable, Hashable {
        /// An officer promotes the vetting item again.
        case promoted
        /// An officer takes the traveller off the lookout list without an encounter.
        case demoted
        /// The encounter at the port, with its outcome.
        case encountered(Outcome)
    }

    /// The state after `event`, or the refusal when this state does not allow it.
    public func applying(_ event: Event) throws(Refusal) -> LookoutState {
        switch event {
        case .promoted:
            guard status == .demoted else { throw .alreadyALookout(status) }
            return .active
        case .demoted:
            guard status == .active else { throw .notActive(self) }
            return LookoutState(status: .demoted)
        case .encountered(let outcome):
            guard status == .active else { throw .notActive(self) }
            return LookoutState(status: .closed, outcome: outcome)
        }
    }

    /// Why a lookout cannot take an event.
    public enum Refusal: StateRefusal {
        /// The traveller is a lookout on this flight already (active or closed).
        case alreadyALookout(Status)
        /// Only an active lookout takes an outcome or a demotion.
        case notActive(LookoutState)

        public var error: PortunusError {
            switch self {
            case .alreadyALookout(let status):
                PortunusError(.conflict, "the traveller is already a lookout on this flight (\(status))", field: "id")
            case .notActive(let state):
                PortunusError(
                    .conflict,
                    "the lookout is \(state.status)\(state.outcome.map { " (\($0))" } ?? ""); only an active lookout takes an outcome or a demotion",
                    field: "/outcome")
            }
        }
    }
}
