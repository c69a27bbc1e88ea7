import Foundation
import Rules

/// One assessed declaration: the model's score, the rules that hit, the lane and why. The one
/// assessment type from the assessor to the wire: what lodgement answers, what is stored (in
/// a ``RiskDecision``), what `GET …/assessment` reads back and what the ledger commits to.
public struct Assessment: Encodable, Sendable, Hashable {
    public var id: String
    /// The model's fraud probability.
    public var score: Double
    /// The score lanes were ranked by (after rules and AEO treatment).
    public var riskScore: Double
    public var lane: Lane
    public var selection: Selection
    public var forcedBy: String?
    public var ruleHits: [RuleHit]
    /// The model's reasons, for the lanes that need them (or on demand).
    public var explanation: RiskExplanation?
    public var modelID: Int64?
    public var ruleSetVersion: Int64?
    /// The office-day seed of the exploration draw.
    public var seed: UInt64
    public var aeo: Bool
    public var office: String
    /// The lodgement day, `YYYY-MM-DD` (UTC): with the office, the key of the inspection budget.
    public var day: String

    public init(
        id: String, score: Double, riskScore: Double, lane: Lane, selection: Selection, forcedBy: String?, ruleHits: [RuleHit],
        explanation: RiskExplanation?, modelID: Int64?, ruleSetVersion: Int64?, seed: UInt64, aeo: Bool, office: String, day: String
    ) {
        self.id = id
        self.score = score
        self.riskScore = riskScore
        self.lane = lane
        self.selection = selection
        self.forcedBy = forcedBy
        self.ruleHits = ruleHits
        self.explanation = explanation
        self.modelID = modelID
        self.ruleSetVersion = ruleSetVersion
        self.seed = seed
        self.aeo = aeo
        self.office = office
        self.day = day
    }

    /// The plain-language reasons: rule reasons first, then the exploration draw when it chose
    /// the lane, then the model's factors that raise risk. Derived, never stored, so that every
    /// reader of the assessment (the lodgement answer, `GET …/assessment`, the CLI) gives the
    /// same sentences.
    public var reasons: [String] {
        var reasons = ruleHits.map(\.reason)
        if selection == .exploration {
            reasons.append("selected at random for exploration (the model learns only from inspected declarations)")
        }
        reasons += explanation?.factors.filter { $0.contribution > 0 }.map(\.sentence) ?? []
        return reasons
    }

    /// The candidate this assessment was drawn as (what re-derives its lane).
    public var candidate: SelectivityCandidate {
        SelectivityCandidate(id: id, office: office, day: day, score: score, ruleHits: ruleHits, aeo: aeo)
    }

    enum CodingKeys: String, CodingKey {
        case id, score, riskScore = "risk_score", lane, selection, forcedBy = "forced_by", ruleHits = "rule_hits", explanation, reasons
        case modelID = "model_id", ruleSetVersion = "rule_set_version", seed, aeo, office, day
    }

    /// The 64-bit seed is written as text: JSON numbers above 2^53 do not survive every client.
    public func encode(to encoder: any Encoder) throws { try encode(to: encoder, lane: lane) }

    /// The assessment with `lane` as its lane: a decision read back shows the lane in force
    /// (after re-routes) in the assessment's own shape.
    public func encode(to encoder: any Encoder, lane: Lane) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(score, forKey: .score)
        try container.encode(riskScore, forKey: .riskScore)
        try container.encode(lane, forKey: .lane)
        try container.encode(selection, forKey: .selection)
        try container.encodeIfPresent(forcedBy, forKey: .forcedBy)
        try container.encode(ruleHits, forKey: .ruleHits)
        try container.encodeIfPresent(explanation, forKey: .explanation)
        try container.encode(reasons, forKey: .reasons)
        try container.encodeIfPresent(modelID, forKey: .modelID)
        try container.encodeIfPresent(ruleSetVersion, forKey: .ruleSetVersion)
        try container.encode(String(seed), forKey: .seed)
        try container.encode(aeo, forKey: .aeo)
        try container.encode(office, forKey: .office)
        try container.encode(day, forKey: .day)
    }
}
