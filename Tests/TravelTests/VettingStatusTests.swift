import PortunusCore
import Testing
import Travel

@Suite("Vetting statuses")
struct VettingStatusTests {
    /// Which status an officer may move an item to, from each status.
    static let allowed: [VettingStatus: Set<VettingStatus>] = [
        .new: [.inReview, .cleared, .referred],
        .inReview: [.cleared, .referred],
        .cleared: [.inReview],
        .referred: [.inReview, .cleared],
    ]

    static let pairs: [(VettingStatus, VettingStatus)] = VettingStatus.allCases.flatMap { from in VettingStatus.allCases.map { (from, $0) } }

    @Test("an officer's change is allowed by the table and refused otherwise, with the statuses it could become", arguments: pairs)
    func change(from: VettingStatus, to: VettingStatus) throws {
        if Self.allowed[from]!.contains(to) {
            #expect(try from.applying(.change(to: to)) == to)
        } else {
            #expect(throws: VettingStatus.Refusal.cannotBecome(from: from, to: to)) { try from.applying(.change(to: to)) }
            let error = VettingStatus.Refusal.cannotBecome(from: from, to: to).error
            let next = Self.allowed[from]!.map(\.rawValue).sorted().joined(separator: ", ")
            #expect(error.code == .conflict && error.field == "/status")
            #expect(error.reason == "an item \(from.rawValue) cannot become \(to.rawValue) (from \(from.rawValue): \(next))")
        }
    }

    @Test("next lists the allowed statuses by name", arguments: VettingStatus.allCases)
    func next(status: VettingStatus) {
        #expect(status.next.map(\.rawValue) == Self.allowed[status]!.map(\.rawValue).sorted())
    }

    @Test("a new hit opens a cleared item again and leaves the others as they are", arguments: VettingStatus.allCases)
    func newHit(status: VettingStatus) throws {
        #expect(try status.applying(.newHit) == (status == .cleared ? .new : status))
    }

    @Test("only an item in review or referred may become a lookout")
    func lookoutCandidates() {
        #expect(VettingStatus.allCases.filter(\.mayBecomeLookout) == [.inReview, .referred])
        let error = VettingStatus.Refusal.notALookoutCandidate(.new).error
        #expect(error.code == .conflict && error.field == "/status")
        #expect(error.reason == "only an item in review or referred becomes a lookout (this one is new)")
    }

    @Test("statuses are stored and sent as their snake_case names")
    func rawValues() {
        #expect(VettingStatus.allCases.map(\.rawValue) == ["new", "in_review", "cleared", "referred"])
        #expect("\(VettingStatus.inReview)" == "in_review")
    }
}

@Suite("Lookout states")
struct LookoutStateTests {
    static let closed = LookoutState(status: .closed, outcome: .secondaryPositive)
    static let states: [LookoutState] = [.active, LookoutState(status: .demoted), closed]

    @Test("a demoted lookout is promoted again; an active or closed one is already a lookout", arguments: states)
    func promoted(state: LookoutState) throws {
        if state.status == .demoted {
            #expect(try state.applying(.promoted) == .active)
        } else {
            #expect(throws: LookoutState.Refusal.alreadyALookout(state.status)) { try state.applying(.promoted) }
            let error = LookoutState.Refusal.alreadyALookout(state.status).error
            #expect(error.code == .conflict && error.field == "id")
            #expect(error.reason == "the traveller is already a lookout on this flight (\(state.status.rawValue))")
        }
    }

    @Test("only an active lookout is demoted or closed with an outcome", arguments: states)
    func ended(state: LookoutState) throws {
        if state.status == .active {
            #expect(try state.applying(.demoted) == LookoutState(status: .demoted))
            for outcome in LookoutState.Outcome.allCases {
                #expect(try state.applying(.encountered(outcome)) == LookoutState(status: .closed, outcome: outcome))
            }
        } else {
            #expect(throws: LookoutState.Refusal.notActive(state)) { try state.applying(.demoted) }
            #expect(throws: LookoutState.Refusal.notActive(state)) { try state.applying(.encountered(.missed)) }
        }
    }

    @Test("the refusal of a closed lookout names its outcome")
    func notActiveReason() {
        let closed = LookoutState.Refusal.notActive(Self.closed).error
        #expect(closed.code == .conflict && closed.field == "/outcome")
        #expect(closed.reason == "the lookout is closed (secondary_positive); only an active lookout takes an outcome or a demotion")
        #expect(
            LookoutState.Refusal.notActive(LookoutState(status: .demoted)).error.reason
                == "the lookout is demoted; only an active lookout takes an outcome or a demotion")
    }

    @Test("statuses and outcomes are stored and sent as their snake_case names")
    func rawValues() {
        #expect(LookoutState.Status.allCases.map(\.rawValue) == ["active", "demoted", "closed"])
        #expect(
            LookoutState.Outcome.allCases.map(\.rawValue) == [
                "not_encountered", "refused_entry", "secondary_positive", "secondary_negative", "missed",
            ])
    }
}
