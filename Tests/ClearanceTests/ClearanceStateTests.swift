import PortunusCore
import RiskEngine
import Testing

@testable import Clearance

/// The clearance state machine without I/O: each lane's path, the side steps, and the refusals.
@Suite("Clearance: the declaration's life as a state machine")
struct ClearanceStateTests {
    /// Applies the steps in order from the initial state.
    func walk(_ steps: [ClearanceStep], from state: ClearanceState = .initial) throws -> ClearanceState {
        var state = state
        for step in steps { state = try state.applying(step) }
        return state
    }

    static let assessedGreen: [ClearanceStep] = [.arrived, .lodged, .accepted, .riskAssessed(.green)]

    @Test("green: duties, payment or security, release and exit with no officer's step")
    func greenLane() throws {
        let paid = try walk(Self.assessedGreen + [.dutyAssessed, .paid, .released, .exited])
        #expect(paid.stage == .exited && paid.lane == .green && paid.arrived && paid.dutiesSettled && paid.isReleased)
        let secured = try walk(Self.assessedGreen + [.dutyAssessed, .secured, .released])
        #expect(secured.stage == .released && !secured.postClearanceAudit)
    }

    @Test("yellow: documents asked for, supplied (twice), accepted, then duties and release; or amended")
    func yellowLane() throws {
        let base: [ClearanceStep] = [.lodged, .accepted, .riskAssessed(.yellow)]
        let accepted = try walk(
            base + [.docsRequested, .docsSupplied, .docsRequested, .docsSupplied, .docsAccepted, .dutyAssessed, .paid, .released])
        #expect(accepted.stage == .released && accepted.version == 1)
        let amended = try walk(base + [.docsRequested, .docsSupplied, .amended, .dutyAssessed, .secured, .released])
        #expect(amended.stage == .released && amended.version == 2)
        // A documentary check on what was lodged may accept without asking for more.
        #expect(try walk(base + [.docsAccepted]).stage == .docsAccepted)
    }

    @Test("red: examiner assigned (and replaced), examination with a sample, amendment, duties on the corrected facts, release")
    func redLane() throws {
        let state = try walk([
            .lodged, .accepted, .riskAssessed(.red), .examAssigned, .examAssigned, .examStarted, .sampleTaken, .examDone, .labResult, .amended,
            .dutyAssessed, .paid, .released,
        ])
        #expect(state.stage == .released && state.version == 2 && state.pendingSamples == 0)
    }

    @Test("red: held with a reason, then seized (final) or released once the duties are settled")
    func redHeldSeized() throws {
        let examined = try walk([.lodged, .accepted, .riskAssessed(.red), .examAssigned, .examStarted, .examDone])
        let seized = try walk([.held, .seized], from: examined)
        #expect(seized.stage == .seized && seized.stage.isFinal)
        #expect(throws: ClearanceState.Refusal.self) { try seized.applying(.released) }
        // Held before the duties were settled: release waits for them.
        let held = try examined.applying(.held)
        #expect(throws: ClearanceState.Refusal.self) { try held.applying(.released) }
        let settled = try walk([.amended, .dutyAssessed, .paid, .held], from: examined)
        #expect(try settled.applying(.released).stage == .released)
        // Seized straight from the examination.
        #expect(try examined.applying(.seized).stage == .seized)
    }

    @Test("blue: released at once and queued for post-clearance audit")
    func blueLane() throws {
        let state = try walk([.lodged, .accepted, .riskAssessed(.blue), .released])
        #expect(state.stage == .released && state.postClearanceAudit && !state.dutiesSettled)
    }

    @Test("another agency's hold blocks release until that agency lifts it; holds are per agency")
    func agencyHolds() throws {
        let paid = try walk(Self.assessedGreen + [.ogaHold(agency: "KEBS"), .dutyAssessed, .ogaHold(agency: "KEPHIS"), .paid])
        #expect(paid.agencyHolds == ["KEBS", "KEPHIS"])
        #expect(throws: ClearanceState.Refusal.agenciesHolding(paid)) { try paid.applying(.released) }
        #expect(throws: ClearanceState.Refusal.agencyAlreadyHolding(paid, "KEBS")) { try paid.applying(.ogaHold(agency: "KEBS")) }
        #expect(throws: ClearanceState.Refusal.agencyNotHolding(paid, "PPB")) { try paid.applying(.ogaReleased(agency: "PPB")) }
        let lifted = try walk([.ogaReleased(agency: "KEPHIS"), .ogaReleased(agency: "KEBS")], from: paid)
        #expect(try lifted.applying(.released).stage == .released)
        // After release no agency can hold what has gone.
        let released = try lifted.applying(.released)
        #expect(throws: ClearanceState.Refusal.self) { try released.applying(.ogaHold(agency: "KEBS")) }
    }

    @Test("arrival is recorded once, before or after lodgement (pre-arrival lodgement); exit implies it")
    func arrival() throws {
        let preArrival = try walk([.lodged, .accepted, .riskAssessed(.green), .dutyAssessed, .paid, .released])
        #expect(!preArrival.arrived, "released before arrival, as pre-arrival processing allows")
        let arrived = try preArrival.applying(.arrived)
        #expect(arrived.arrived && arrived.stage == .released)
        #expect(throws: ClearanceState.Refusal.alreadyArrived(arrived)) { try arrived.applying(.arrived) }
        #expect(try preArrival.applying(.exited).arrived)
        // Arrival known before any declaration.
        #expect(try ClearanceState.initial.applying(.arrived).stage == .notLodged)
    }

    @Test("rejected is final; release waits for the duties; nothing skips the lane's path")
    func refusals() throws {
        let rejected = try walk([.lodged, .rejected])
        for step: ClearanceStep in [.accepted, .riskAssessed(.green), .released, .arrived, .held] {
            #expect(throws: ClearanceState.Refusal.self, "\(step) after REJECTED") { try rejected.applying(step) }
        }
        let green = try walk(Self.assessedGreen)
        for step: ClearanceStep in [.released, .examAssigned, .docsAccepted, .paid, .lodged, .riskAssessed(.red), .labResult, .exited] {
            #expect(throws: ClearanceState.Refusal.self, "\(step) on the green lane before duties") { try green.applying(step) }
        }
        let duty = try green.applying(.dutyAssessed)
        #expect(throws: ClearanceState.Refusal.notAllowed(duty, .released)) { try duty.applying(.released) }
        #expect(throws: ClearanceState.Refusal.self, "a sample only during or after an examination") { try duty.applying(.sampleTaken) }
        #expect(throws: ClearanceState.Refusal.self, "lodged twice") { try walk([.lodged, .lodged]) }
        let yellow = try walk([.lodged, .accepted, .riskAssessed(.yellow)])
        #expect(throws: ClearanceState.Refusal.self, "yellow goes through the documents") { try yellow.applying(.dutyAssessed) }
        #expect(throws: ClearanceState.Refusal.self, "supplied before asked") { try yellow.applying(.docsSupplied) }
    }

    @Test("every refusal is a 409 state.conflict that names the current state and what may come next")
    func refusalReport() throws {
        let green = try walk(Self.assessedGreen)
        do {
            _ = try green.applying(.released)
            Issue.record("released before duties")
        } catch {
            #expect(error.error.code == .conflict && error.error.code.status == 409)
            #expect(error.error.reason.contains("risk_assessed") && error.error.reason.contains("next: rejected, duty_assessed"))
            #expect(error.state == green)
        }
    }

    @Test("the transition table: from each stage, exactly the listed main-line steps are accepted")
    func table() throws {
        let steps: [ClearanceStep] = [
            .lodged, .accepted, .rejected, .riskAssessed(.green), .docsRequested, .docsSupplied, .docsAccepted, .amended, .examAssigned,
            .examStarted, .examDone,
            .dutyAssessed, .paid, .secured, .released, .held, .seized, .exited,
        ]
        for stage in ClearanceState.Stage.allCases {
            for lane in [nil] + Lane.allCases.map(Optional.some) {
                let state = ClearanceState(
                    stage: stage, lane: lane, arrived: false, dutiesSettled: true, agencyHolds: [], pendingSamples: 0, version: 1,
                    postClearanceAudit: false)
                let accepted = Set(steps.filter { (try? state.applying($0)) != nil }.compactMap { ClearanceState.stage(of: $0) })
                #expect(accepted == Set(state.nextStages), "\(state)")
                if stage.isFinal { #expect(accepted.isEmpty, "\(stage) is final") }
            }
        }
    }

    @Test("no lane's controls are skipped: red needs its examination and yellow its documentary check before duties, through any path")
    func controlsBeforeDuties() throws {
        // Red through the documents path: the documents do not replace the examination.
        let red = try walk([.lodged, .accepted, .riskAssessed(.red), .docsRequested, .docsSupplied, .docsAccepted])
        #expect(throws: ClearanceState.Refusal.self) { try red.applying(.dutyAssessed) }
        #expect(try walk([.examAssigned, .examStarted, .examDone, .dutyAssessed], from: red).stage == .dutyAssessed)
        // A hold does not open a way round the controls, and needs a lane.
        let heldRed = try walk([.lodged, .accepted, .riskAssessed(.red), .held])
        #expect(throws: ClearanceState.Refusal.self) { try heldRed.applying(.dutyAssessed) }
        #expect(throws: ClearanceState.Refusal.self, "no hold before the lane") { try walk([.lodged, .accepted, .held]) }
        // Yellow: an amendment after the documents were supplied ends the check.
        let amended = try walk([.lodged, .accepted, .riskAssessed(.yellow), .docsRequested, .docsSupplied, .amended, .dutyAssessed])
        #expect(amended.stage == .dutyAssessed && amended.documentsChecked)
    }

    @Test("laboratory results are awaited before duties and release; refusals name no lane")
    func samplesAwaited() throws {
        let sampled = try walk([.lodged, .accepted, .riskAssessed(.red), .examAssigned, .examStarted, .sampleTaken, .examDone])
        #expect(throws: ClearanceState.Refusal.samplesAwaitingResults(sampled)) { try sampled.applying(.dutyAssessed) }
        let result = try sampled.applying(.labResult)
        #expect(try result.applying(.dutyAssessed).stage == .dutyAssessed)
        do {
            _ = try sampled.applying(.dutyAssessed)
        } catch {
            #expect(!error.error.reason.contains("red"), "the lane is the policy's to give to traders: \(error.error.reason)")
        }
    }

    @Test("the lane in force replaces the assessed one: a declaration re-routed from blue to red is examined before it goes")
    func laneInForce() throws {
        let blue = try walk([.lodged, .accepted, .riskAssessed(.blue)])
        #expect(try blue.applying(.released).stage == .released)
        let rerouted = blue.withLane(.red)
        #expect(throws: ClearanceState.Refusal.self) { try rerouted.applying(.released) }
        #expect(try rerouted.applying(.examAssigned).stage == .examAssigned)
    }
}
