import PortunusCore
import Testing
import Tracking

@Suite("Transit movement states")
struct TransitMovementStateTests {
    typealias State = TransitMovement.State
    typealias Event = TransitMovement.Event

    /// Every move the machine allows; every other pair of state and event is refused.
    static let allowed: [State: [Event: State]] = [
        .opened: [.leftOfficeOfDeparture: .inTransit, .arrived: .arrived, .alertRaised: .alert, .diverted: .diverted],
        .inTransit: [.arrived: .arrived, .alertRaised: .alert, .diverted: .diverted],
        .alert: [.arrived: .arrived, .diverted: .diverted, .resumedTransit: .inTransit],
        .diverted: [.arrived: .arrived, .alertRaised: .alert],
        .arrived: [.discharged: .discharged],
        .discharged: [:],
    ]

    static let pairs: [(State, Event)] = State.allCases.flatMap { state in Event.allCases.map { (state, $0) } }

    @Test("an allowed move gives the event's state; any other is refused with the conflict the API returns", arguments: pairs)
    func transition(state: State, event: Event) throws {
        if let next = Self.allowed[state]?[event] {
            #expect(try state.applying(event) == next)
        } else {
            #expect(throws: TransitMovement.Refusal.notAllowed(from: state, to: event.target)) { try state.applying(event) }
            let error = TransitMovement.Refusal.notAllowed(from: state, to: event.target).error
            #expect(error.code == .conflict && error.field == "/state")
            #expect(error.reason == "a movement cannot go from \(state.rawValue) to \(event.target.rawValue)")
        }
    }

    @Test("states are stored and sent as their snake_case names")
    func rawValues() {
        #expect(State.allCases.map(\.rawValue) == ["opened", "in_transit", "alert", "diverted", "arrived", "discharged"])
        #expect("\(State.inTransit)" == "in_transit")
        #expect(State(rawValue: "in transit") == nil)
    }

    @Test("an officer asks for arrived, discharged, diverted or in_transit; opened and alert are the rules' alone")
    func officerMoves() {
        #expect(Event(officerMoveTo: .arrived) == .arrived)
        #expect(Event(officerMoveTo: .discharged) == .discharged)
        #expect(Event(officerMoveTo: .diverted) == .diverted)
        #expect(Event(officerMoveTo: .inTransit) == .resumedTransit)
        #expect(Event(officerMoveTo: .opened) == nil && Event(officerMoveTo: .alert) == nil)
        #expect(Event.officerTargets.compactMap(Event.init(officerMoveTo:)).map(\.target) == Event.officerTargets)
    }

    @Test("only a discharged movement is no longer tracked")
    func tracked() {
        #expect(State.allCases.filter { !$0.isTracked } == [.discharged])
    }
}
