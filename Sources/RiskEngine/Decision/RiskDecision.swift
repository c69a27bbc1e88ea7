import Foundation

/// A declaration's risk decision as customs holds it: the ``Assessment``, when it was taken,
/// what re-derives its lane (``SelectivityBasis``), and the lane's life since
/// (``LaneRouting``: officers' re-routes with their reasons). What the decision store
/// persists and reads back, typed; what `GET …/assessment` and the worklists show.
public struct RiskDecision: Sendable, Hashable {
    public var assessment: Assessment
    public var assessedAt: Date
    public var basis: SelectivityBasis
    public var routing: LaneRouting

    public init(assessment: Assessment, assessedAt: Date, basis: SelectivityBasis, reroutes: [LaneRouting.Reroute] = []) {
        self.assessment = assessment
        self.assessedAt = assessedAt
        self.basis = basis
        self.routing = LaneRouting(assessed: assessment.lane, reroutes: reroutes)
    }

    public var declarationID: String { assessment.id }
    /// The lane in force: the last re-route's, else the assessed one.
    public var laneInForce: Lane { routing.inForce }

    /// Re-derives the lane of an online decision from what is stored.
    public func rederivedOnlineLane() -> Lane? {
        guard case .online(let record) = basis else { return nil }
        return OnlineSelectivity.decide(
            assessment.candidate, policy: record.policy, thresholds: record.thresholds, counters: record.before, seed: assessment.seed
        ).0.lane
    }
}
