import Foundation
import Testing

@testable import RiskEngine

@Suite("Lane routing (state machine)")
struct LaneRoutingTests {
    let at = Date(timeIntervalSince1970: 1_796_083_200)

    @Test("a re-route with a reason moves the lane in force and remembers where it came from")
    func reroute() throws {
        let assessed = LaneRouting(assessed: .green)
        #expect(assessed.inForce == .green && assessed.reroutes.isEmpty)
        let once = try assessed.applying(.reroute(to: .red, reason: "tip-off from the port authority", by: "k1", at: at))
        #expect(once.inForce == .red && once.assessed == .green)
        #expect(once.reroutes == [.init(at: at, by: "k1", from: .green, to: .red, reason: "tip-off from the port authority")])
        let twice = try once.applying(.reroute(to: .yellow, reason: "documents verified at origin", by: "k2", at: at))
        #expect(twice.inForce == .yellow && twice.reroutes.count == 2 && twice.reroutes[1].from == .red)
        // Every lane can be re-routed to every lane, the one in force included (an officer
        // confirming a lane with a reason is a record too).
        for from in Lane.allCases {
            for to in Lane.allCases {
                let next = try LaneRouting(assessed: from).applying(.reroute(to: to, reason: "r", by: "k", at: at))
                #expect(next.inForce == to)
            }
        }
    }

    @Test("an alert raises the lane only when it asks for a more severe one, and never lowers it")
    func raise() throws {
        let green = LaneRouting(assessed: .green)
        let raised = try green.applying(.raise(to: .red, reason: "tracking alert seal_opened", by: "tracking", at: at))
        #expect(raised.inForce == .red && raised.reroutes.last?.from == .green && raised.reroutes.last?.by == "tracking")
        for lane in Lane.allCases {
            let next = try raised.applying(.raise(to: lane, reason: "again", by: "tracking", at: at))
            #expect(next == raised, "\(lane) after red changes nothing")
        }
        let yellow = try LaneRouting(assessed: .yellow).applying(.raise(to: .yellow, reason: "late", by: "tracking", at: at))
        #expect(yellow.reroutes.isEmpty)
        #expect(throws: LaneRouting.Refusal.missingReason) { try green.applying(.raise(to: .red, reason: " ", by: "tracking", at: at)) }
    }

    @Test("a re-route without a reason, or with one over 4,000 bytes, is refused and changes nothing")
    func refusals() {
        let state = LaneRouting(assessed: .red)
        for blank in ["", "   ", "\n\t"] {
            #expect(throws: LaneRouting.Refusal.missingReason) { try state.applying(.reroute(to: .green, reason: blank, by: "k", at: at)) }
        }
        let long = String(repeating: "é", count: 2_001)  // 4,002 bytes
        #expect(throws: LaneRouting.Refusal.reasonTooLong) { try state.applying(.reroute(to: .green, reason: long, by: "k", at: at)) }
        #expect(LaneRouting.check(.reroute(to: .green, reason: String(repeating: "a", count: 4_000), by: "k", at: at)) == nil)
        #expect(state.inForce == .red && state.reroutes.isEmpty)
    }
}
