/// Where a customs-laboratory sample stands in its chain of custody. The raw values are what
/// the store keeps and the API sends.
///
/// The states follow one another in one order, each reached by the event of the same name:
/// taken, sealed, received, tested, result. A sample is created taken; every later event must
/// come right after the one before it, so that a court or a trader contesting a result can
/// check that the sample was never out of the record.
public enum CustodyState: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case taken
    case sealed
    case received
    case tested
    case result

    public var description: String { rawValue }

    /// The state after `event`, or the refusal when the event does not come next.
    public func applying(_ event: Event) throws(Refusal) -> CustodyState {
        guard event.after == self else { throw .outOfOrder(state: self, event: event) }
        return event.target
    }

    /// A custody event after the sample was taken; its raw value is the state it leads to.
    public enum Event: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
        case sealed
        case received
        case tested
        case result

        public var description: String { rawValue }

        /// The state the event leads to.
        public var target: CustodyState {
            switch self {
            case .sealed: .sealed
            case .received: .received
            case .tested: .tested
            case .result: .result
            }
        }

        /// The state the sample must be in for this event.
        public var after: CustodyState {
            switch self {
            case .sealed: .taken
            case .received: .sealed
            case .tested: .received
            case .result: .tested
            }
        }
    }

    /// Why a sample cannot take an event.
    public enum Refusal: StateRefusal {
        case outOfOrder(state: CustodyState, event: Event)

        public var error: PortunusError {
            switch self {
            case .outOfOrder(let state, let event):
                PortunusError(.conflict, "the sample is \(state); '\(event)' comes after '\(event.after)'", field: "/event")
            }
        }
    }
}
