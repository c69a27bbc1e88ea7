import Rules

/// One declaration as selectivity sees it.
public struct SelectivityCandidate: Sendable, Hashable {
    public var id: String
    public var office: String
    /// The lodgement day, `YYYY-MM-DD` (UTC).
    public var day: String
    /// The model's fraud probability.
    public var score: Double
    public var ruleHits: [RuleHit]
    /// The importer is an authorised economic operator.
    public var aeo: Bool

    public init(id: String, office: String, day: String, score: Double, ruleHits: [RuleHit] = [], aeo: Bool = false) {
        self.id = id
        self.office = office
        self.day = day
        self.score = score
        self.ruleHits = ruleHits
        self.aeo = aeo
    }

    /// The score selectivity ranks by: the model's, plus rules' additions, clamped to [0, 1],
    /// then lowered for an authorised economic operator.
    public func riskScore(_ policy: SelectivityPolicy) -> Double {
        let added = ruleHits.reduce(score) { $0 + ($1.effect.addScore ?? 0) }
        return min(max(added, 0), 1) * (aeo ? policy.aeoFactor : 1)
    }

    /// The most severe lane rules force, if any, with the rule that forced it.
    public var forcedLane: (lane: Lane, ruleID: String)? {
        ruleHits.compactMap { hit in hit.effect.lane.flatMap(Lane.init(rawValue:)).map { ($0, hit.ruleID) } }
            .max { $0.0 < $1.0 }
    }
}
