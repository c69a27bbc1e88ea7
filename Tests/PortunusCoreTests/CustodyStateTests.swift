import Testing

@testable import PortunusCore

@Suite("Laboratory custody")
struct CustodyStateTests {
    static let pairs: [(CustodyState, CustodyState.Event)] = CustodyState.allCases.flatMap { state in
        CustodyState.Event.allCases.map { (state, $0) }
    }

    /// The one allowed event after each state (none after the result).
    static let next: [CustodyState: CustodyState.Event] = [.taken: .sealed, .sealed: .received, .received: .tested, .tested: .result]

    @Test("each event comes right after the one before it; any other is out of order", arguments: pairs)
    func transition(state: CustodyState, event: CustodyState.Event) throws {
        if Self.next[state] == event {
            #expect(try state.applying(event) == event.target)
            #expect(event.target.rawValue == event.rawValue)
        } else {
            #expect(throws: CustodyState.Refusal.outOfOrder(state: state, event: event)) { try state.applying(event) }
            let error = CustodyState.Refusal.outOfOrder(state: state, event: event).error
            #expect(error.code == .conflict && error.field == "/event")
        }
    }

    @Test("the refusal says which event must come first")
    func reason() {
        #expect(
            CustodyState.Refusal.outOfOrder(state: .taken, event: .tested).error.reason == "the sample is taken; 'tested' comes after 'received'")
        #expect(
            CustodyState.Refusal.outOfOrder(state: .result, event: .sealed).error.reason == "the sample is result; 'sealed' comes after 'taken'")
    }

    @Test("states and events are stored and sent by name, in the order of custody")
    func rawValues() {
        #expect(CustodyState.allCases.map(\.rawValue) == ["taken", "sealed", "received", "tested", "result"])
        #expect(CustodyState.Event.allCases.map(\.rawValue) == ["sealed", "received", "tested", "result"])
        #expect(CustodyState.Event(rawValue: "taken") == nil)
    }
}
